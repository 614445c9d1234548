/**
 * A small CSV with one of each problem the cleaning suggestions find: a duplicate row, padded and mixed-case
 * cities, a missing amount, an outlier and "n/a" counts. Shared by the server's and the browser's tests.
 */
export const messyCitiesCsv = [
  "id,city,amount,count",
  "1, Paris ,10,12",
  "2,paris,,13",
  "3,Lyon,12,n/a",
  "3,Lyon,12,n/a",
  "4,Lyon,1000,15",
  "5,Nice,11,16",
  "6,Nice,13,17",
  "7,Nice,12,18",
  "8,Nice,14,19",
  "9,Nice,11,20",
].join("\n");
