/**
 * Renders the configuration reference (docs/config-reference.md) from the JSON Schema of bridge.config.yaml,
 * so the reference cannot drift from what the build accepts.
 */

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
};

interface Row {
  field: string;
  type: string;
  required: boolean;
  default: string;
  description: string;
}

export function configReference(schema: JsonSchema): string {
  const rows: Row[] = [];
  walk(schema, "", rows, true);
  const lines = [
    "# Configuration reference: bridge.config.yaml",
    "",
    "Generated from the schema by `npm run build:config`; do not edit by hand. Editors that read",
    "`bridge.config.schema.json` (the first line of the sample file points at it) complete and check these fields.",
    "",
    "| field | type | required | default | meaning |",
    "|---|---|---|---|---|",
    ...rows.map(
      (row) =>
        `| \`${row.field}\` | ${row.type} | ${row.required ? "yes" : ""} | ${row.default} | ${row.description.replace(/\|/g, "\\|").replace(/\n/g, " ")} |`,
    ),
    "",
  ];
  return lines.join("\n");
}

function walk(schema: JsonSchema, path: string, rows: Row[], required: boolean): void {
  const variants = schema.anyOf ?? schema.oneOf;
  if (path !== "") {
    rows.push({
      field: path,
      type: typeName(schema),
      required,
      default: schema.default === undefined ? "" : `\`${JSON.stringify(schema.default)}\``,
      description: schema.description ?? "",
    });
  }
  if (schema.properties) {
    for (const [name, child] of Object.entries(schema.properties)) {
      walk(
        child,
        path === "" ? name : `${path}.${name}`,
        rows,
        (schema.required ?? []).includes(name) && child.default === undefined,
      );
    }
  }
  if (schema.items && (schema.items.properties || schema.items.anyOf || schema.items.oneOf))
    walk(schema.items, `${path}[]`, rows, false);
  if (variants) {
    for (const variant of variants) {
      if (variant.properties) {
        for (const [name, child] of Object.entries(variant.properties)) {
          walk(child, `${path}.${name}`, rows, (variant.required ?? []).includes(name) && child.default === undefined);
        }
      }
    }
  }
}

function typeName(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(" \\| ");
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return [...new Set(variants.map(typeName))].join(" or ");
  if (schema.type === "array") return `list of ${schema.items ? typeName(schema.items) : "any"}`;
  if (schema.type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object") {
    return `map of ${typeName(schema.additionalProperties)}`;
  }
  return Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
}
