import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { commandForm, responses, sendSignedOnly, visibleText } from "../helpers/slack";

describe("a slow Studio", () => {
  it("still gets an immediate acknowledgement, and the answer follows on response_url", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "slow-one" });
    // Studio takes 2.5 s to answer: past the inline budget, well inside Slack's 30 min for response_url.
    await fixture.control("/faults", { kind: "latency", latency_ms: 2500, path: "/datachain/jobs" });
    const { response, afterAck } = await sendSignedOnly(fixture, "/slack/commands", commandForm(`job ${job.id}`));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      response_type: "ephemeral",
      text: expect.stringContaining("the answer will appear here shortly"),
    });
    expect(responses(fixture)).toEqual([]);
    await afterAck();
    const [answer] = responses(fixture);
    expect(answer?.response_type).toBe("ephemeral");
    expect(visibleText(answer ?? {})).toContain("slow-one");
  });

  it("acknowledges empty and answers on response_url when inline answers are off", async () => {
    const fixture = bridgeFixture({ config: "version: 1\nslack:\n  inline_answer_ms: 0\n" });
    await fixture.client.createJob({ query: "print(1)", query_name: "quick-one" });
    const { response, afterAck } = await sendSignedOnly(fixture, "/slack/commands", commandForm("jobs"));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    await afterAck();
    const [answer] = responses(fixture);
    expect(answer?.response_type).toBe("ephemeral");
    expect(visibleText(answer ?? {})).toContain("quick-one");
  });
});
