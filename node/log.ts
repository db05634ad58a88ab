import pino, { type Logger } from "pino";

/** The node's structured logger (pino, JSON lines on stdout); `silent` for tests. */
export const createLogger = (level: pino.LevelWithSilent = "info"): Logger => pino({ name: "l2-node", level });
