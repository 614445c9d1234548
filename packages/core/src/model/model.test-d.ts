import { expectTypeOf, test } from "vitest";
import type { ChatEvent, Message, MessagePart, Principal, Store } from "../index.js";

test("parts narrow by type", () => {
  const narrow = (part: MessagePart) => {
    if (part.type === "table") expectTypeOf(part.rows).toEqualTypeOf<import("./common.js").Json[][]>();
    if (part.type === "chart") expectTypeOf(part.spec).toBeObject();
  };
  expectTypeOf(narrow).toBeFunction();
});

test("chat events narrow by type", () => {
  const handle = (event: ChatEvent) => {
    if (event.type === "done") expectTypeOf(event.message).toEqualTypeOf<Message>();
    if (event.type === "text-delta") expectTypeOf(event.delta).toEqualTypeOf<string>();
  };
  expectTypeOf(handle).toBeFunction();
});

test("every store call takes the principal first", () => {
  expectTypeOf<Store["sessions"]["get"]>().parameter(0).toEqualTypeOf<Principal>();
  expectTypeOf<Store["messages"]["append"]>().parameter(0).toEqualTypeOf<Principal>();
  expectTypeOf<ReturnType<Store["sessions"]["get"]>>().resolves.toEqualTypeOf<
    import("./session.js").Session | null
  >();
});
