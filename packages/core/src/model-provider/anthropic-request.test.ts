import { describe, expect, it } from "vitest";
import { anthropicConversation, anthropicRequest } from "./anthropic-request.js";
import type { ModelMessage } from "./language-model.js";

const call = (id: string, input = '{"sql":"SELECT 1"}') => ({ id, name: "run_sql", input });

describe("anthropicConversation", () => {
  it("moves system messages to `system`, joined", () => {
    const { system, messages } = anthropicConversation([
      { role: "system", content: "You are careful." },
      { role: "user", content: "Hi" },
      { role: "system", content: "Answer briefly." },
    ]);
    expect(system).toBe("You are careful.\n\nAnswer briefly.");
    expect(messages).toEqual([{ role: "user", content: [{ type: "text", text: "Hi" }] }]);
  });

  it("turns tool calls into tool_use blocks and results into one user turn of tool_result blocks", () => {
    const { messages } = anthropicConversation([
      { role: "user", content: "Count orders" },
      {
        role: "assistant",
        content: "Checking.",
        toolCalls: [call("toolu_1"), call("toolu_2", '{"table":"orders"}')],
      },
      { role: "tool", toolCallId: "toolu_1", toolName: "run_sql", content: "[[1204]]" },
      {
        role: "tool",
        toolCallId: "toolu_2",
        toolName: "describe_table",
        content: "no such table",
        isError: true,
      },
    ]);
    expect(messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Count orders" }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Checking." },
          { type: "tool_use", id: "toolu_1", name: "run_sql", input: { sql: "SELECT 1" } },
          { type: "tool_use", id: "toolu_2", name: "run_sql", input: { table: "orders" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_1", content: "[[1204]]" },
          { type: "tool_result", tool_use_id: "toolu_2", content: "no such table", is_error: true },
        ],
      },
    ]);
  });

  it("merges consecutive turns of one role and puts tool results first in a user turn", () => {
    const history: ModelMessage[] = [
      { role: "user", content: "First" },
      { role: "user", content: "Second" },
      { role: "assistant", content: "", toolCalls: [call("toolu_1")] },
      { role: "user", content: "Also, hurry." },
      { role: "tool", toolCallId: "toolu_1", toolName: "run_sql", content: "ok" },
      { role: "assistant", content: "Done." },
      { role: "assistant", content: "Anything else?" },
    ];
    const { messages } = anthropicConversation(history);
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(messages[0]?.content).toHaveLength(2);
    expect(messages[2]?.content).toEqual([
      { type: "tool_result", tool_use_id: "toolu_1", content: "ok" },
      { type: "text", text: "Also, hurry." },
    ]);
    expect(messages[3]?.content).toHaveLength(2);
  });

  it("leaves out blank text, which the API rejects", () => {
    const { messages, system } = anthropicConversation([
      { role: "system", content: "  " },
      { role: "user", content: "Hi" },
      { role: "assistant", content: "   " },
      { role: "assistant", content: "", toolCalls: [call("toolu_1")] },
    ]);
    expect(system).toBeUndefined();
    expect(messages[1]).toEqual({
      role: "assistant",
      content: [{ type: "tool_use", id: "toolu_1", name: "run_sql", input: { sql: "SELECT 1" } }],
    });
  });

  it("sends malformed or non-object tool arguments back as {}", () => {
    const { messages } = anthropicConversation([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "", toolCalls: [call("toolu_1", "{broken"), call("toolu_2", "[1,2]")] },
    ]);
    expect(messages[1]?.content).toMatchObject([{ input: {} }, { input: {} }]);
  });
});

describe("anthropicRequest", () => {
  const messages: ModelMessage[] = [{ role: "user", content: "Hi" }];
  const tool = { name: "list_tables", description: "Lists tables.", inputSchema: { properties: {} } };

  it("maps tools, tool choice and settings", () => {
    const request = anthropicRequest(
      "claude-test",
      { messages, tools: [tool], toolChoice: "required", temperature: 0.2 },
      4096,
    );
    expect(request).toMatchObject({
      model: "claude-test",
      max_tokens: 4096,
      stream: true,
      temperature: 0.2,
      tools: [
        {
          name: "list_tables",
          description: "Lists tables.",
          input_schema: { type: "object", properties: {} },
        },
      ],
      tool_choice: { type: "any" },
    });
    const named = anthropicRequest("m", { messages, tools: [tool], toolChoice: { name: "list_tables" } }, 10);
    expect(named.tool_choice).toEqual({ type: "tool", name: "list_tables" });
    expect(anthropicRequest("m", { messages, tools: [tool], toolChoice: "none" }, 10).tool_choice).toEqual({
      type: "none",
    });
  });

  it("sends no tool_choice without tools", () => {
    const request = anthropicRequest("m", { messages, toolChoice: "auto" }, 10);
    expect(request).not.toHaveProperty("tool_choice");
    expect(request).not.toHaveProperty("tools");
  });
});
