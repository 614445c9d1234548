import type { Message } from "@quarry/core";
import type { ChatState, StreamingAnswer } from "@quarry/core/client";
import { useEffect, useLayoutEffect, useRef } from "react";
import { MessageView, QuestionView } from "./message-view.js";
import { StreamingAnswerView } from "./streaming-answer.js";
import { useWidget } from "./widget-context.js";

/** Props of {@link Conversation}. */
export interface ConversationProps {
  state: Pick<ChatState, "messages" | "messagesLoading" | "streaming" | "feedback" | "datasets">;
}

/** How close to the end (in pixels) still counts as reading the end, which then follows new text. */
const followWithin = 80;

/**
 * The questions and answers of the open session, then the answer being written. Opens at the end and scrolls
 * along with new text only while the reader is at the end, so scrolling up to read is never interrupted.
 */
export function Conversation({ state }: ConversationProps) {
  const { strings } = useWidget();
  const ref = useRef<HTMLElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const following = useRef(true);
  const { messages, streaming, messagesLoading } = state;

  // A session being opened (another one, or the same after a reload) opens at its end.
  useLayoutEffect(() => {
    if (messagesLoading) following.current = true;
  }, [messagesLoading]);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element && following.current && (messages.length > 0 || streaming)) {
      element.scrollTop = element.scrollHeight;
    }
  }, [messages, streaming]);

  // Answers keep growing after they render: Markdown, charts and tables load lazily and take their height
  // later. Without this, a reopened conversation would stop partway, wherever the end was at first render.
  useEffect(() => {
    const element = ref.current;
    const content = list.current;
    if (!element || !content || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (following.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(content);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const element = ref.current;
    if (element) {
      following.current = element.scrollHeight - element.scrollTop - element.clientHeight < followWithin;
    }
  };

  const empty = messages.length === 0 && !streaming && !state.messagesLoading;
  const { before, question, after } = threadAround(messages, streaming);
  const view = (message: Message) => (
    <MessageView key={message.id} message={message} rating={state.feedback[message.id]} />
  );

  return (
    <section ref={ref} className="quarry-conversation" aria-label={strings.conversation} onScroll={onScroll}>
      {state.messagesLoading && <p className="quarry-muted">{strings.loadingMessages}</p>}
      {empty && state.datasets.length === 0 && <p className="quarry-empty">{strings.emptyConversation}</p>}
      <ol ref={list} className="quarry-messages">
        {before.map(view)}
        {question && <QuestionView message={question} />}
        {streaming && <StreamingAnswerView streaming={streaming} />}
        {after.map(view)}
      </ol>
    </section>
  );
}

/**
 * Where the streaming answer goes: right after its question, standing in for that question's earlier answer
 * (an edit streams in the middle of the conversation). `question` is set only when the question is not in
 * `messages` and has to be shown with the answer.
 */
export function threadAround(
  messages: readonly Message[],
  streaming: StreamingAnswer | null,
): { before: readonly Message[]; question: Message | null; after: readonly Message[] } {
  const question = streaming?.question;
  if (!question) return { before: messages, question: null, after: [] };
  const shown = messages.filter((m) => !(m.role === "assistant" && m.replyTo === question.id));
  const at = shown.findIndex((m) => m.id === question.id);
  if (at === -1) return { before: shown, question, after: [] };
  return { before: shown.slice(0, at + 1), question: null, after: shown.slice(at + 1) };
}
