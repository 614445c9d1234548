import { expectTypeOf, test } from "vitest";
import {
  type ChatClient,
  type ChatState,
  type ChatTransport,
  createChatClient,
  httpTransport,
  localTransport,
  type Message,
} from "../client.js";

test("both transports are ChatTransports and the client takes either", () => {
  expectTypeOf(httpTransport).returns.toEqualTypeOf<ChatTransport>();
  expectTypeOf(localTransport).returns.toEqualTypeOf<ChatTransport>();
  expectTypeOf(createChatClient).returns.toEqualTypeOf<ChatClient>();
});

test("the state is what the widget renders", () => {
  expectTypeOf<ChatState["messages"]>().toEqualTypeOf<Message[]>();
  expectTypeOf<ChatState["streaming"]>().exclude<null>().toHaveProperty("parts");
  expectTypeOf<ChatClient["getState"]>().returns.toEqualTypeOf<ChatState>();
  expectTypeOf<ChatClient["download"]>().returns.resolves.toMatchTypeOf<Blob & { name?: string }>();
});
