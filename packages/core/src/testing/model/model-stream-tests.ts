import { expect } from "vitest";
import type { ModelMessage } from "../../model-provider/language-model.js";
import {
  collectChecked,
  type DefineModelTest,
  describeTableTool,
  runSqlTool,
  sentToolCalls,
  sentToolResults,
} from "./model-harness.js";

const question: ModelMessage[] = [
  { role: "system", content: "You answer questions about the user's tables." },
  { role: "user", content: "How many orders are there?" },
];

/** Streaming, tool calls and the conversation sent: what every successful call must get right. */
export function modelStreamTests(define: DefineModelTest): void {
  define("streams text deltas in order", async ({ setup }) => {
    const text = "There are 1,204 orders — ✓ counted from the orders table.";
    const { model } = await setup({ text, chunkSize: 4 });
    const result = await collectChecked(model.doStream({ messages: question }));
    const deltas = result.parts.flatMap((part) => (part.type === "text-delta" ? [part.delta] : []));
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe(text);
    expect(result.finishReason).toBe("stop");
    expect(result.toolCalls).toEqual([]);
  });

  define("sends the conversation, tools and settings in the provider's format", async ({ setup }) => {
    const { server, model } = await setup({ text: "OK" });
    await collectChecked(
      model.doStream({
        messages: question,
        tools: [runSqlTool],
        toolChoice: "auto",
        temperature: 0,
        maxOutputTokens: 300,
      }),
    );
    const [request] = server.requests;
    const body = request?.body as Record<string, unknown>;
    expect(body.stream).toBe(true);
    expect(body.temperature).toBe(0);
    const text = JSON.stringify(body);
    expect(text).toContain("You answer questions about the user's tables.");
    expect(text).toContain("How many orders are there?");
    expect(text).toContain("Runs one read-only SQL query");
    if (request?.wire === "openai") {
      const tools = body.tools as { type: string; function: { name: string; parameters: unknown } }[];
      expect(tools[0]).toMatchObject({
        type: "function",
        function: { name: "run_sql", parameters: runSqlTool.inputSchema },
      });
      expect(body.tool_choice).toBe("auto");
      expect(body.max_completion_tokens ?? body.max_tokens).toBe(300);
    } else {
      expect(body.system).toContain("You answer questions");
      const tools = body.tools as { name: string; input_schema: unknown }[];
      expect(tools[0]).toMatchObject({ name: "run_sql", input_schema: runSqlTool.inputSchema });
      expect(body.tool_choice).toEqual({ type: "auto" });
      expect(body.max_tokens).toBe(300);
    }
  });

  define("streams one tool call", async ({ setup }) => {
    const sql = "SELECT count(*) AS n FROM orders WHERE status = 'shipped'";
    const { model } = await setup({ toolCalls: [{ name: "run_sql", arguments: { sql } }], chunkSize: 5 });
    const result = await collectChecked(model.doStream({ messages: question, tools: [runSqlTool] }));
    expect(result.toolCalls).toHaveLength(1);
    const [call] = result.toolCalls;
    expect(call?.name).toBe("run_sql");
    expect(call?.id).toBeTruthy();
    expect(JSON.parse(call?.input ?? "")).toEqual({ sql });
    const deltas = result.parts.flatMap((part) => (part.type === "tool-call-delta" ? [part] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.every((delta) => delta.id === call?.id && delta.name === "run_sql")).toBe(true);
    expect(deltas.map((delta) => delta.delta).join("")).toBe(call?.input);
    expect(result.finishReason).toBe("tool-calls");
  });

  define("streams parallel tool calls with their ids and arguments apart", async ({ setup }) => {
    const { model } = await setup({
      text: "Let me look.",
      toolCalls: [
        { name: "describe_table", arguments: { table: "orders" } },
        { name: "run_sql", arguments: { sql: "SELECT 1" } },
      ],
      chunkSize: 3,
    });
    const result = await collectChecked(
      model.doStream({ messages: question, tools: [runSqlTool, describeTableTool] }),
    );
    expect(result.text).toBe("Let me look.");
    expect(result.toolCalls.map((call) => call.name)).toEqual(["describe_table", "run_sql"]);
    const [first, second] = result.toolCalls;
    expect(first?.id).not.toBe(second?.id);
    expect(JSON.parse(first?.input ?? "")).toEqual({ table: "orders" });
    expect(JSON.parse(second?.input ?? "")).toEqual({ sql: "SELECT 1" });
    for (const call of result.toolCalls) {
      const own = result.parts.flatMap((part) =>
        part.type === "tool-call-delta" && part.id === call.id ? [part.delta] : [],
      );
      expect(own.join("")).toBe(call.input);
    }
    expect(result.finishReason).toBe("tool-calls");
  });

  define("sends tool calls and their results back in the provider's format", async ({ setup }) => {
    const { server, model } = await setup([
      {
        toolCalls: [
          { name: "run_sql", arguments: { sql: "SELECT count(*) FROM orders" } },
          { name: "describe_table", arguments: { table: "orders" } },
        ],
      },
      { text: "There are 1,204 orders." },
    ]);
    const tools = [runSqlTool, describeTableTool];
    const first = await collectChecked(model.doStream({ messages: question, tools }));
    expect(first.toolCalls).toHaveLength(2);
    const [count, describe] = first.toolCalls;
    const followUp: ModelMessage[] = [
      ...question,
      { role: "assistant", content: first.text, toolCalls: first.toolCalls },
      { role: "tool", toolCallId: count!.id, toolName: "run_sql", content: '{"rows":[[1204]]}' },
      {
        role: "tool",
        toolCallId: describe!.id,
        toolName: "describe_table",
        content: "No such table",
        isError: true,
      },
    ];
    const second = await collectChecked(model.doStream({ messages: followUp, tools }));
    expect(second.error).toBeUndefined();
    expect(second.text).toBe("There are 1,204 orders.");
    const sent = server.requests[1]!;
    expect(sent.call).toBe(1);
    expect(sentToolCalls(sent)).toEqual([
      { id: count!.id, name: "run_sql", input: { sql: "SELECT count(*) FROM orders" } },
      { id: describe!.id, name: "describe_table", input: { table: "orders" } },
    ]);
    const results = sentToolResults(sent);
    expect(results.map((result) => result.id)).toEqual([count!.id, describe!.id]);
    expect(results[0]?.content).toContain('{"rows":[[1204]]}');
    expect(results[1]).toMatchObject({ isError: true });
    expect(results[1]?.content).toContain("No such table");
  });

  define("reports usage and finish reasons", async ({ setup }) => {
    const { model } = await setup([
      { text: "Short", usage: { inputTokens: 123, outputTokens: 45 } },
      { text: "Cut off mid", finishReason: "length", usage: { inputTokens: 7, outputTokens: 300 } },
    ]);
    const stopped = await collectChecked(model.doStream({ messages: question }));
    expect(stopped.finishReason).toBe("stop");
    expect(stopped.usage).toEqual({ inputTokens: 123, outputTokens: 45 });
    const cut = await collectChecked(model.doStream({ messages: question }));
    expect(cut.finishReason).toBe("length");
    expect(cut.usage).toEqual({ inputTokens: 7, outputTokens: 300 });
  });

  define("passes malformed tool arguments through raw", async ({ setup }) => {
    const raw = '{"sql": "SELECT * FROM orders WHERE note = \'unterminated';
    const { model } = await setup({ toolCalls: [{ name: "run_sql", arguments: raw }] });
    const result = await collectChecked(model.doStream({ messages: question, tools: [runSqlTool] }));
    expect(result.error).toBeUndefined();
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]?.input).toBe(raw);
  });

  define("gives back malformed arguments in the next request without a provider error", async ({ setup }) => {
    const raw = "{not json";
    const { server, model } = await setup([
      { toolCalls: [{ name: "run_sql", arguments: raw }] },
      { text: "Sorry." },
    ]);
    const first = await collectChecked(model.doStream({ messages: question, tools: [runSqlTool] }));
    const call = first.toolCalls[0]!;
    const messages: ModelMessage[] = [
      ...question,
      { role: "assistant", content: "", toolCalls: [call] },
      {
        role: "tool",
        toolCallId: call.id,
        toolName: call.name,
        content: "The arguments were not valid JSON.",
        isError: true,
      },
    ];
    const second = await collectChecked(model.doStream({ messages, tools: [runSqlTool] }));
    expect(second.error).toBeUndefined();
    expect(second.text).toBe("Sorry.");
    expect(sentToolResults(server.requests[1]!).map((result) => result.id)).toEqual([call.id]);
  });
}
