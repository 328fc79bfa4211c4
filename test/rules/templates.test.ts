import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load";
import { renderTemplate } from "../../src/rules/template";

describe("templates", () => {
  it("fill variables with or without spaces", () => {
    expect(
      renderTemplate("{{github.sha}}-{{ github.ref_name }}", { "github.sha": "abc", "github.ref_name": "main" }),
    ).toBe("abc-main");
  });

  it("insert values literally, never rendering them again", () => {
    expect(renderTemplate("{{ github.ref_name }}", { "github.ref_name": "{{ github.sha }}", "github.sha": "x" })).toBe(
      "{{ github.sha }}",
    );
  });

  it("refuse a variable without a value rather than insert an empty string", () => {
    expect(() => renderTemplate("PR {{ github.pr_number }}", {})).toThrow(/github.pr_number has no value/);
  });
});

describe("the config check", () => {
  it("names the file, line and field of an unknown template variable", () => {
    const result = loadConfig(
      `version: 1
rules:
  - name: train
    on: push
    action:
      create_job:
        query: "print('{{ github.commit }}')"
`,
      "bridge.config.yaml",
    );
    expect(result).toMatchObject({
      ok: false,
      problems: [
        {
          file: "bridge.config.yaml",
          line: 7,
          field: "rules[0].action.create_job.query",
          message: expect.stringContaining("unknown template variable github.commit"),
        },
      ],
    });
  });

  it("refuses a pull request variable in a push rule", () => {
    const result = loadConfig(`version: 1
rules:
  - name: train
    on: push
    action: { create_job: { query: x } }
    concurrency: { group: "pr-{{ github.pr_number }}" }
`);
    expect(result).toMatchObject({ ok: false, problems: [{ line: 6, field: "rules[0].concurrency.group" }] });
  });

  it("refuses an undeclared recipe parameter", () => {
    const result = loadConfig(`version: 1
slack:
  recipes:
    - name: retrain
      params: [{ name: EPOCHS }]
      job: { query: "train({{ params.EPOCHS }}, {{ params.LR }})" }
`);
    expect(result).toMatchObject({
      ok: false,
      problems: [{ line: 6, field: "slack.recipes[0].job.query", message: expect.stringContaining("params.LR") }],
    });
  });

  it("requires a query or a query_file, not both", () => {
    const result = loadConfig(`version: 1
rules:
  - name: train
    on: push
    action: { create_job: { query: x, query_file: train.py } }
`);
    expect(result).toMatchObject({ ok: false, problems: [{ line: 5, field: "rules[0].action.create_job" }] });
  });

  it("refuses a cron expression that does not parse", () => {
    const result = loadConfig(`version: 1
rules:
  - name: nightly
    on: schedule
    schedule: "0 25 * * *"
    action: { trigger_pipeline: { dataset: "@a.b.c" } }
`);
    expect(result).toMatchObject({ ok: false, problems: [{ line: 5, field: "rules[0].schedule" }] });
  });

  it("refuses cancel_jobs naming a rule that does not exist", () => {
    const result = loadConfig(`version: 1
rules:
  - name: cancel-on-close
    on: pull_request
    action: { cancel_jobs: { rule: preview-on-pr } }
`);
    expect(result).toMatchObject({
      ok: false,
      problems: [{ line: 5, field: "rules[0].action.cancel_jobs.rule", message: 'no rule named "preview-on-pr"' }],
    });
  });

  it("accepts the repository's own bridge.config.yaml rules", async () => {
    const { bundledConfig } = await import("../../src/config/bundled");
    expect(bundledConfig.rules.length).toBeGreaterThan(0);
  });
});
