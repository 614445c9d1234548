import { describe, expect, it } from "vitest";
import { declineAnswer, detectDataChange } from "./intent-gate.js";

const tables = ["sales", "orders"];

/** Requests to change stored data, with the action the gate should name. */
const changes: [string, string][] = [
  ["Delete the 2012 rows", "delete"],
  ["delete all rows where year = 2012", "delete"],
  ["Please drop the sales table", "drop"],
  ["Can you delete the 2012 rows?", "delete"],
  ["Could you please remove all cancelled orders from the dataset?", "remove"],
  ["I want to remove the test records", "remove"],
  ["I'd like you to update the price of product 7 to 12.50", "update"],
  ["Let's drop the duplicate rows", "drop"],
  ["Set the price of product 7 to 12", "set"],
  ["set amount = 0 for the 2012 rows", "set"],
  ["Change 'NY' to 'New York' in the city column", "change"],
  ["Change the region of order 17 to West", "change"],
  ["Add a row for March with 500", "add"],
  ["Insert a new customer named Bob", "insert"],
  ["Truncate the orders table", "truncate"],
  ["Rename column amount to revenue", "rename"],
  ["Overwrite the file with the cleaned data", "overwrite"],
  ["Mark order 5 as shipped", "mark"],
  ["Clear all data", "clear"],
  ["Fix the typos in the city column", "fix"],
  ["Correct the prices in the products table", "correct"],
  ["Replace nulls with 0 in the amount column", "replace"],
  ["Save this as a new table", "save"],
  ["Create a new table called archive", "create"],
  ["Move the 2012 rows to an archive table", "move"],
  ["Show the total, then delete the 2012 rows", "delete"],
  ["Show the total and delete 2012", "delete"],
  ["ok so now wipe everything", "wipe"],
  ["How do I delete rows?", "delete"],
  ["remove 2012 from sales", "remove"],
  ["Erase the orders permanently", "erase"],
  ["Go ahead and purge the old entries", "purge"],
];

/** SQL that writes, typed in. */
const statements: [string, string][] = [
  ["DELETE FROM sales WHERE year = 2012", "delete"],
  ["update sales set amount = 0", "update"],
  ["drop table sales", "drop"],
  ["INSERT INTO sales VALUES (1, 2)", "insert"],
  ["SELECT 1; DROP TABLE sales", "drop"],
  ["run this:\nTRUNCATE sales", "truncate"],
  ["ALTER TABLE sales ADD COLUMN x int", "alter"],
  ["CREATE OR REPLACE TABLE t AS SELECT 1", "create"],
];

/** Read-only questions and requests about the answer: none may be declined. */
const reads = [
  "Which orders were deleted?",
  "How many updates were made in 2013?",
  "Show rows where status is 'deleted'",
  "Deleted orders by month",
  "Remove outliers from the chart?",
  "remove outliers",
  "Remove duplicates",
  "Update the chart to show months",
  "Update me on sales",
  "What's the update frequency by region?",
  "Show price and update date for each product",
  "Drop in sales by month",
  "Change in revenue between 2013 and 2014",
  "What is the change in sales from 2013 to 2014?",
  "Set of customers with no orders",
  "Set the chart type to bar",
  "Change the currency to EUR",
  "change to 2014",
  "Change the 2013 numbers to 2014",
  "Add up the sales for 2013",
  "Add a column showing the profit margin",
  "Create a chart of sales by month",
  "Create a table of sales by region",
  "Clear the filters",
  "Fix the query, it should group by month",
  "Write a SQL query for total sales",
  "Save the chart as PNG",
  "Rename the chart title to Sales",
  "Drop the decimals",
  "What if we remove 2012, what is the total?",
  "If we deleted the 2012 rows, what would the total be?",
  "Total sales without 2012",
  "Exclude 2012 and show the total",
  "Please don't delete anything, just show the 2012 rows",
  "Which rows should I delete from the table?",
  "How many records were inserted last month?",
  "Who changed the most orders?",
  "Show the deletions per day",
  "Use fiscal years from now on",
  "Update: amounts are in EUR now",
  "Average amount by region",
];

describe("detectDataChange", () => {
  it.each(changes)("declines %j (%s)", (message, action) => {
    const verdict = detectDataChange(message, { tables });
    expect(verdict).toMatchObject({ changesData: true, via: "request", action });
  });

  it.each(statements)("declines the statement %j", (message, action) => {
    expect(detectDataChange(message)).toMatchObject({ changesData: true, via: "sql", action });
  });

  it.each(reads)("lets %j through", (message) => {
    expect(detectDataChange(message, { tables })).toEqual({ changesData: false });
  });

  it("treats a session's table name after a softer verb as the data", () => {
    expect(detectDataChange("remove 2012 from sales", { tables: ["sales"] }).changesData).toBe(true);
    expect(detectDataChange("remove 2012 from sales", { tables: [] }).changesData).toBe(false);
  });
});

describe("declineAnswer", () => {
  it("says nothing changed and suggests a read-only question", () => {
    const text = declineAnswer(detectDataChange("Please delete the 2012 rows"));
    expect(text).toContain("I can't delete data");
    expect(text).toContain("nothing was changed");
    expect(text).toContain('"Show the 2012 rows"');
  });

  it("drops the assignment from the suggestion", () => {
    const verdict = detectDataChange("Set the price of product 7 to 12");
    expect(verdict.suggestion).toBe("Show the price of product 7");
  });

  it("names a typed-in statement without suggesting", () => {
    const text = declineAnswer(detectDataChange("DELETE FROM sales"));
    expect(text).toMatch(/^I can't run a DELETE statement/);
    expect(text).not.toContain("For example");
  });
});
