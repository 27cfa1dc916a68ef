// What a LangChain agent's model was sent back from its tools, for the LangChain adapter's tests.
import { ToolMessage, type BaseMessage } from "@langchain/core/messages";

/** The tool messages the model was sent, their content parsed where it is JSON. */
export function outputsSeen(messages: readonly BaseMessage[]): unknown[] {
  return messages
    .filter((m) => ToolMessage.isInstance(m))
    .map((m) => {
      const text = String(m.content);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    });
}
