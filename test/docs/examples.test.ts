import { describe, expect, it } from "vitest";
import readme from "../../README.md?raw";
import { loadConfig } from "../../src/config/load";

/** Every complete `bridge.config.yaml` shown in the README (a block starting with `version: 1` after its header). */
function configBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((match) => match[1] as string)
    .filter((block) => /^version: 1$/m.test(block));
}

describe("the README's configuration examples", () => {
  it("build without a problem, as a user would copy them", () => {
    const blocks = configBlocks(readme);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const result = loadConfig(block, "README.md");
      expect(result.ok ? [] : result.problems).toEqual([]);
    }
  });
});
