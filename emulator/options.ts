import { z } from "zod";
import { Cluster } from "../src/studio/schemas";

/** How long each phase of a job lasts on the emulator's clock. About 30 s in all by default. */
export const PhaseDurations = z.object({
  CREATED: z.number().int().min(0).default(1_000),
  QUEUED: z.number().int().min(0).default(3_000),
  INIT: z.number().int().min(0).default(4_000),
  RUNNING: z.number().int().min(0).default(22_000),
  CANCELING: z.number().int().min(0).default(2_000),
  /** A pipeline waits this long in PENDING before its first job starts. */
  PIPELINE_PENDING: z.number().int().min(0).default(1_000),
  /** A RUNNING job writes a log line this often. */
  LOG_EVERY: z.number().int().min(100).default(2_000),
});
export type PhaseDurations = z.infer<typeof PhaseDurations>;

/**
 * Where and how the emulated Studio sends its team webhooks, with the faults a real network adds: a delay
 * before each delivery and a share of deliveries dropped.
 */
export const StudioWebhookSettings = z.object({
  /** The bridge's `POST /webhooks/studio`; no webhooks are sent without it. */
  url: z.string().optional(),
  secret: z.string().optional(),
  encoding: z.enum(["json", "form"]).default("json"),
  delay_ms: z.number().int().min(0).max(120_000).default(0),
  drop_rate: z.number().min(0).max(1).default(0),
});
export type StudioWebhookSettings = z.output<typeof StudioWebhookSettings>;

export const TokenGrant = z.object({ user: z.string(), teams: z.array(z.string()).min(1) });

export const EmulatorOptions = z.object({
  /** Tokens and the teams each may act for. */
  tokens: z.record(z.string(), TokenGrant).default({ "dev-token": { user: "dev-user", teams: ["dev-team"] } }),
  clusters: z.array(Cluster).default([
    {
      id: 1,
      name: "default",
      status: "ACTIVE",
      cloud_provider: "AWS",
      cloud_credentials: "aws-dev",
      is_active: true,
      default: true,
      max_workers: 10,
    },
    {
      id: 2,
      name: "gpu-large",
      status: "ACTIVE",
      cloud_provider: "GCP",
      cloud_credentials: "gcp-ml",
      is_active: true,
      default: false,
      max_workers: 4,
    },
  ]),
  durations: PhaseDurations.default(PhaseDurations.parse({})),
  /** Seed for fault injection at a rate. */
  seed: z.number().int().default(1),
  /** Largest upload accepted, in bytes. */
  maxUploadBytes: z
    .number()
    .int()
    .default(10 * 1024 * 1024),
  /** Base of the job links the emulator hands out; the request's own origin when unset. */
  publicUrl: z.string().optional(),
  /** Outgoing Studio team webhooks (`POST /_emulator/webhooks` changes them at run time). */
  webhooks: StudioWebhookSettings.optional(),
});
export type EmulatorOptions = z.input<typeof EmulatorOptions>;
export type ResolvedOptions = z.output<typeof EmulatorOptions>;
