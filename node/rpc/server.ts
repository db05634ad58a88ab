import Fastify, { type FastifyError } from "fastify";
import type { Logger } from "pino";
import { TxRejectedError } from "../mempool/errors.js";
import type { L2Node } from "../node.js";
import { RpcCode, RpcError } from "./errors.js";
import { type Method, methods } from "./methods.js";

type Id = string | number | null;
type Response = { jsonrpc: "2.0"; id: Id; result?: unknown; error?: ReturnType<RpcError["toJSON"]> };

export interface RpcServer {
  url: string;
  close(): Promise<void>;
}

/** Most requests one batch may hold. */
const MAX_BATCH = 1000;
/** Most bytes of an oversized body read (and discarded) so that its sender gets the 413 answer. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

const failure = (id: Id, error: RpcError): Response => ({ jsonrpc: "2.0", id, error: error.toJSON() });

/** Maps any thrown value to the JSON-RPC error the client sees. */
const toRpcError = (error: unknown, log: Logger, method: string): RpcError => {
  if (error instanceof RpcError) return error;
  if (error instanceof TxRejectedError) return new RpcError(RpcCode.SERVER_ERROR, error.message);
  log.error({ err: error, method }, "internal error while serving a request");
  return new RpcError(RpcCode.INTERNAL_ERROR, `internal error: ${(error as Error)?.message ?? String(error)}`);
};

/** Serves one request object; undefined for notifications (no `id`), which get no response. */
const serveOne = async (request: unknown, table: Record<string, Method>, log: Logger): Promise<Response | undefined> => {
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    return failure(null, new RpcError(RpcCode.INVALID_REQUEST, "invalid request: expected a JSON-RPC 2.0 request object"));
  }
  const { jsonrpc, id, method, params } = request as Record<string, unknown>;
  const validId = id === undefined || id === null || typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
  const replyId: Id = validId ? ((id as Id | undefined) ?? null) : null;
  if (jsonrpc !== "2.0" || typeof method !== "string" || !validId) {
    return failure(replyId, new RpcError(RpcCode.INVALID_REQUEST, 'invalid request: needs "jsonrpc": "2.0", a string "method" and a string or number "id"'));
  }
  if (params !== undefined && !Array.isArray(params)) {
    return failure(replyId, new RpcError(RpcCode.INVALID_PARAMS, "invalid params: params must be an array (by-position)"));
  }
  const handler = Object.hasOwn(table, method) ? table[method] : undefined;
  let response: Response;
  if (handler === undefined) {
    response = failure(replyId, new RpcError(RpcCode.METHOD_NOT_FOUND, `the method ${method} does not exist/is not available`));
  } else {
    try {
      response = { jsonrpc: "2.0", id: replyId, result: await handler((params as unknown[] | undefined) ?? []) };
    } catch (error) {
      response = failure(replyId, toRpcError(error, log, method));
    }
  }
  return id === undefined ? undefined : response;
};

/**
 * HTTP JSON-RPC 2.0 server (fastify): single and batch requests, notifications, a body size limit, and standard
 * error codes for malformed input (-32700 parse error, -32600 invalid request, 413 + -32600 for oversized bodies).
 * GET /metrics on the same port serves the node's Prometheus metrics (node/status/metrics.ts).
 */
export const startRpcServer = async (node: L2Node, log: Logger): Promise<RpcServer> => {
  const table = methods(node);
  const app = Fastify({ bodyLimit: node.config.bodyLimit, logger: false });
  // The body is parsed here, not by fastify, so a parse error becomes a JSON-RPC -32700 response.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const tooLarge = error.code === "FST_ERR_CTP_BODY_TOO_LARGE";
    const status = tooLarge ? 413 : (error.statusCode ?? 500);
    const message = tooLarge ? `request body too large: limit is ${node.config.bodyLimit} bytes` : `invalid request: ${error.message}`;
    const answer = (): void => void reply.status(status).send(failure(null, new RpcError(RpcCode.INVALID_REQUEST, message)));
    const body = req.raw;
    if (!tooLarge || body.complete || body.destroyed) return answer();
    // Fastify refuses an oversized body before reading it. Answering (and closing) while the client is still
    // sending makes the client fail with EPIPE/ECONNRESET instead of reading the 413: discard the rest of the
    // body first, up to DRAIN_LIMIT bytes (beyond that the connection is simply closed).
    let drained = 0;
    const done = (): void => {
      body.off("data", onData).off("end", done).off("error", done);
      if (!body.complete) body.pause();
      answer();
    };
    const onData = (chunk: Buffer): void => {
      drained += chunk.length;
      if (drained > DRAIN_LIMIT) done();
    };
    body.on("data", onData).once("end", done).once("error", done);
    body.resume();
  });
  app.post("/", async (req, reply) => {
    let body: unknown;
    try {
      body = JSON.parse(typeof req.body === "string" ? req.body : "");
    } catch (error) {
      return reply.send(failure(null, new RpcError(RpcCode.PARSE_ERROR, `parse error: ${(error as Error).message}`)));
    }
    if (!Array.isArray(body)) {
      const response = await serveOne(body, table, log);
      return response === undefined ? reply.status(204).send() : reply.send(response);
    }
    if (body.length === 0) return reply.send(failure(null, new RpcError(RpcCode.INVALID_REQUEST, "invalid request: empty batch")));
    if (body.length > MAX_BATCH) {
      return reply.send(failure(null, new RpcError(RpcCode.INVALID_REQUEST, `invalid request: batch of ${body.length} requests exceeds the limit of ${MAX_BATCH}`)));
    }
    const responses = (await Promise.all(body.map((r) => serveOne(r, table, log)))).filter((r) => r !== undefined);
    return responses.length === 0 ? reply.status(204).send() : reply.send(responses);
  });
  app.get("/metrics", async (_req, reply) => {
    const { contentType, body } = await node.metrics.scrape();
    return reply.type(contentType).send(body);
  });
  app.get("/status", async (_req, reply) => reply.type("text/html; charset=utf-8").send(await node.statusPage()));
  const address = await app.listen({ port: node.config.port, host: node.config.host });
  log.info({ url: address }, "JSON-RPC server listening");
  return { url: address, close: () => app.close() };
};
