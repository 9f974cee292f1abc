// The inference-logger receiver: KServe's and Seldon's loggers POST a `…inference.request` and a
// `…inference.response` CloudEvent sharing one id. Halves wait in memory until their partner
// comes; a complete pair becomes one prediction row per instance (`<ce-id>/<i>`), stored through
// the one Ingest path, so a batch is stored whole or not at all and 200 means committed.
import type { Counter } from '@opentelemetry/api';
import type { Runtime } from '../runtime.ts';
import { BatchRejected } from '../ingest/errors.ts';
import { PendingJoins, type Half } from '../../lib/inference/joiner.ts';
import { PayloadError, requestRows, responseRows, type RequestRows, type ResponseRows } from '../../lib/inference/payload.ts';
import { effectiveModelSettings } from '../config/schema.ts';
import { decodeCloudEvents, eventPayload, type AnyEvent } from './cloudevents-decode.ts';
import type { CloudEventsSettings } from './config.ts';

/** What an event says about where it comes from, kept with either half. */
interface HalfFacts {
  ts: number;
  service: string | null;
  namespace: string | null;
  endpoint: string | null;
  component: string | null;
  version: string | null;
}
/** A request as held: its payload (decoded again at the join when the model names its features). */
interface RequestHalf extends HalfFacts {
  payload: unknown;
  /** Decoded without a features list; reused at the join unless the model names its features. */
  decoded: RequestRows;
}
interface ResponseHalf extends HalfFacts {
  rows: ResponseRows;
}

export interface CloudEventsAnswer {
  status: 200 | 202;
  body: { accepted: number; waiting: number; events: number };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export class CloudEventsReceiver {
  readonly pending: PendingJoins<RequestHalf, ResponseHalf>;
  /** Halves that left without their partner, by why (expired, overflow). */
  readonly unjoined = { expired: 0, overflow: 0 };
  readonly #dropped: Counter;
  #lastUnjoined: { id: string; half: 'request' | 'response'; reason: string; at: string }[] = [];

  constructor(
    private readonly rt: Runtime,
    private readonly s: CloudEventsSettings,
  ) {
    this.pending = new PendingJoins(s.max_pending, s.pending_ttl);
    this.#dropped = rt.telemetry.meter.createCounter('sidewatch_receiver_unjoined', { description: 'Inference events dropped without their other half, by reason' });
    rt.telemetry.gauge('sidewatch_receiver_pending', 'Inference events waiting for their other half', () => [{ value: this.pending.size, attributes: { receiver: 'cloudevents' } }]);
  }

  async receive(headers: Record<string, string>, body: Uint8Array, nowMs: number): Promise<CloudEventsAnswer> {
    const events = await decodeCloudEvents(headers, body);
    const halves = events.map((ev) => this.#half(ev, headers, nowMs));
    const plan = this.pending.plan(halves, nowMs);
    const rows: Record<string, unknown>[] = [];
    for (const p of plan.pairs) rows.push(...this.#rows(p.id, p.request, p.response));
    // Stored before the pending set changes: a refused batch leaves every half where it was.
    const accepted = rows.length ? await this.rt.ingest.predictions(rows, nowMs) : 0;
    for (const h of this.pending.commit(plan)) this.#report(h, 'overflow');
    return { status: plan.pairs.length ? 200 : 202, body: { accepted, waiting: this.pending.size, events: events.length } };
  }

  /** Drops halves that waited too long; called on a timer. */
  sweep(nowMs: number): void {
    for (const h of this.pending.expire(nowMs)) this.#report(h, 'expired');
  }

  status() {
    return { pending: this.pending.size, max_pending: this.s.max_pending, pending_ttl_ms: this.s.pending_ttl, unjoined: { ...this.unjoined }, recent_unjoined: [...this.#lastUnjoined] };
  }

  #report(h: Half<RequestHalf, ResponseHalf>, reason: 'expired' | 'overflow'): void {
    const half = h.request ? 'request' : 'response';
    this.unjoined[reason]++;
    this.#dropped.add(1, { receiver: 'cloudevents', reason, half });
    this.#lastUnjoined.push({ id: h.id, half, reason, at: new Date(this.rt.clock()).toISOString() });
    if (this.#lastUnjoined.length > 20) this.#lastUnjoined.shift();
    this.rt.log.warn('cloudevents: an inference event never met its other half', { id: h.id, half, reason });
  }

  #half(ev: AnyEvent, headers: Record<string, string>, nowMs: number): { id: string; request?: RequestHalf; response?: ResponseHalf } {
    const kind = /\.inference\.(request|response)$/.exec(ev.type)?.[1];
    if (!kind) throw new BatchRejected(`event ${ev.id}: unknown type "${ev.type}"; expected one ending in .inference.request or .inference.response (KServe, Seldon)`);
    const ts = ev.time ? Date.parse(ev.time) : nowMs;
    const vh = this.s.version_header?.toLowerCase();
    const facts: HalfFacts = {
      ts: Number.isFinite(ts) ? ts : nowMs,
      service: str(ev.inferenceservicename),
      namespace: str(ev.namespace),
      endpoint: str(ev.endpoint),
      component: str(ev.component),
      version: vh ? (str(headers[vh]) ?? str((ev as unknown as Record<string, unknown>)[vh.replace(/^ce-/, '')])) : null,
    };
    const payload = eventPayload(ev);
    if (kind === 'request') {
      // Decoded now so a bad request is refused at once (again at the join if the model names its features).
      return { id: ev.id, request: { payload, decoded: this.#decodeRequest(ev.id, payload, undefined), ...facts } };
    }
    try {
      return { id: ev.id, response: { rows: responseRows(payload), ...facts } };
    } catch (e) {
      throw this.#payloadError(ev.id, 'response', e);
    }
  }

  #decodeRequest(id: string, payload: unknown, names: readonly string[] | undefined): RequestRows {
    try {
      return requestRows(payload, names);
    } catch (e) {
      throw this.#payloadError(id, 'request', e);
    }
  }

  #payloadError(id: string, half: string, e: unknown): Error {
    return e instanceof PayloadError ? new BatchRejected(`event ${id} (${half}): ${e.message}`) : (e as Error);
  }

  /** Model and version: a config rule for the endpoint, else the event's service name, else the V2 model_name. */
  #route(req: RequestHalf, res: ResponseHalf): { model: string; version: string | null } {
    const service = req.service ?? res.service ?? res.rows.modelName;
    const namespace = req.namespace ?? res.namespace;
    const endpoint = req.endpoint ?? res.endpoint;
    const rule = this.s.endpoints.find((r) => r.service === service && (r.namespace === undefined || r.namespace === namespace) && (r.endpoint === undefined || r.endpoint === (endpoint ?? '')));
    const model = rule?.model ?? service;
    if (!model) throw new BatchRejected('an inference event names no model: send ce-inferenceservicename, a V2 model_name, or map the endpoint in receivers.cloudevents.endpoints');
    const version = rule?.version ?? req.version ?? res.version ?? res.rows.modelVersion ?? req.component ?? res.component;
    return { model, version };
  }

  #rows(id: string, req: RequestHalf, res: ResponseHalf): Record<string, unknown>[] {
    const { model, version } = this.#route(req, res);
    const names = effectiveModelSettings(this.rt.config, model).features;
    const features = (names ? this.#decodeRequest(id, req.payload, names) : req.decoded).rows;
    const outputs = res.rows.outputs;
    if (features.length !== outputs.length) throw new BatchRejected(`event ${id}: the request has ${features.length} instance(s) but the response has ${outputs.length} prediction(s)`);
    return features.map((f, i) => ({
      model,
      version,
      id: `${id}/${i}`,
      ts: req.ts,
      features: f,
      prediction: outputs[i].prediction,
      score: outputs[i].score,
    }));
  }
}
