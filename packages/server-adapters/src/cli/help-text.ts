import { type CommandHelp, type CommandOption, commands } from "./commands.js";
import { type ExitMeanings, exitMeanings } from "./exit-codes.js";

/** Help lines are wrapped here: an 80-column terminal would wrap them anyway, mid-word. */
const width = 100;

const helpOption: CommandOption = { flag: "-h, --help", meaning: "Show this help." };

/** The text of `quarry --help`: the commands, what every command shares, and the exit codes. */
export function helpText(version: string): string {
  const list = commands.flatMap((c) => [
    `  ${c.usage}`,
    ...wrap(`${c.summary}${c.available ? "" : " (not yet available)"}`, 6),
  ]);
  return [
    `quarry ${version}: chat with your data`,
    "",
    "Usage: quarry COMMAND [ARGUMENTS] [OPTIONS]",
    "",
    "Commands:",
    ...list,
    "",
    "Options:",
    ...optionLines([
      {
        flag: "-h, --help",
        meaning:
          'Show this help; "quarry COMMAND --help" shows a command\'s options, an example and its exit codes.',
      },
      { flag: "-v, --version", meaning: "Show the version." },
    ]),
    "",
    ...wrap(
      'Every command: --json prints machine-readable output on stdout, errors too, as {"error": {"code", "message"}} (eval: --json OUT writes a file, "-" for stdout). On a terminal, long work (reading large files, eval runs) draws a progress bar on stderr: never in CI or when --json prints on stdout.',
      0,
    ),
    "",
    ...exitLines("Exit codes, the same for every command:", exitMeanings),
  ].join("\n");
}

/** The text of `quarry COMMAND --help`: usage, what it does, every option with its default, an example, exit codes. */
export function commandHelpText(command: CommandHelp): string {
  return [
    `Usage: ${command.usage}`,
    "",
    ...wrap(command.description, 0),
    "",
    "Options:",
    ...optionLines([...command.options, helpOption]),
    "",
    "Example:",
    `  ${command.example}`,
    "",
    ...exitLines("Exit codes:", command.exits),
  ].join("\n");
}

function optionLines(options: readonly CommandOption[]): string[] {
  const flagWidth = Math.max(...options.map((o) => o.flag.length));
  return options.flatMap((o) => {
    const text = o.default === undefined ? o.meaning : `${o.meaning} Default: ${o.default}.`;
    const [first = "", ...rest] = wrap(text, flagWidth + 4);
    return [`  ${o.flag.padEnd(flagWidth)}${first.slice(flagWidth + 2)}`, ...rest];
  });
}

function exitLines(title: string, exits: ExitMeanings): string[] {
  return [
    title,
    ...([0, 1, 2] as const).flatMap((code) => {
      const [first = "", ...rest] = wrap(exits[code], 5);
      return [`  ${code}${first.slice(3)}`, ...rest];
    }),
  ];
}

/** Words into lines of at most {@link width} characters, each indented by `indent` spaces. */
function wrap(text: string, indent: number): string[] {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && pad.length + line.length + 1 + word.length > width) {
      lines.push(pad + line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  lines.push(pad + line);
  return lines;
}
