import { describe, expect, it } from "vitest";
import type { ModelMessage } from "./language-model.js";
import { openaiMessage, openaiRequest } from "./openai-request.js";

describe("openaiRequest", () => {
  const messages: ModelMessage[] = [{ role: "user", content: "Hi" }];
  const tool = { name: "run_sql", description: "Runs SQL.", inputSchema: { type: "object" } };

  it("asks for a stream with usage", () => {
    expect(openaiRequest("gpt-test", { messages }, "max_completion_tokens")).toEqual({
      model: "gpt-test",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("maps tools, tool choice and settings", () => {
    const request = openaiRequest(
      "gpt-test",
      { messages, tools: [tool], toolChoice: { name: "run_sql" }, temperature: 0, maxOutputTokens: 99 },
      "max_tokens",
    );
    expect(request).toMatchObject({
      tools: [
        {
          type: "function",
          function: { name: "run_sql", description: "Runs SQL.", parameters: { type: "object" } },
        },
      ],
      tool_choice: { type: "function", function: { name: "run_sql" } },
      temperature: 0,
      max_tokens: 99,
    });
    expect(openaiRequest("m", { messages, toolChoice: "required" }, "max_tokens")).not.toHaveProperty(
      "tool_choice",
    );
  });
});

describe("openaiMessage", () => {
  it("sends null content beside tool calls, and raw arguments", () => {
    expect(
      openaiMessage({
        role: "assistant",
        content: "",
        toolCalls: [{ id: "call_1", name: "run_sql", input: "{bad" }],
      }),
    ).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "call_1", type: "function", function: { name: "run_sql", arguments: "{bad" } }],
    });
  });

  it("marks failed tool results in their text, as the format has no flag", () => {
    const result = { role: "tool", toolCallId: "call_1", toolName: "run_sql" } as const;
    expect(openaiMessage({ ...result, content: "no such table", isError: true })).toEqual({
      role: "tool",
      tool_call_id: "call_1",
      content: "Error: no such table",
    });
    expect(openaiMessage({ ...result, content: "Error: no such table", isError: true })).toMatchObject({
      content: "Error: no such table",
    });
    expect(openaiMessage({ ...result, content: "[[1]]" })).toMatchObject({ content: "[[1]]" });
  });
});
