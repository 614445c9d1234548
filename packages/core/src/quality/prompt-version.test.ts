import { describe, expect, it } from "vitest";
import { promptVersion } from "../chat/agent-instructions.js";
import { answerPromptVersion, promptVersions } from "./prompt-version.js";

describe("prompt versions", () => {
  it("names each template and fingerprints what it renders", () => {
    const versions = promptVersions();
    expect(versions.agent).toMatch(new RegExp(`^${promptVersion}\\.[0-9a-f]{8}$`));
    expect(versions.quality).toMatch(/^quality\.[0-9a-f]{8}$/);
    expect(versions.verifier).toMatch(/^verifier\.[0-9a-f]{8}$/);
    expect(promptVersions()).toBe(versions);
  });

  it("records only the templates a turn used, within the message field's limit", () => {
    const { agent, quality, verifier } = promptVersions();
    expect(answerPromptVersion({ quality: false, verifier: false })).toBe(agent);
    expect(answerPromptVersion({ quality: true, verifier: false })).toBe(`${agent}+${quality}`);
    expect(answerPromptVersion({ quality: true, verifier: true })).toBe(`${agent}+${quality}+${verifier}`);
    expect(answerPromptVersion({ quality: true, verifier: true }).length).toBeLessThanOrEqual(256);
  });
});
