// Redis-style log lines: "pid:M 21 Nov 2026 10:23:00.123 * message".

import type { Config } from "./config.ts";

const LEVELS = ["debug", "verbose", "notice", "warning"] as const;
const MARKS = [".", "-", "*", "#"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export class Logger {
  /** Where lines go; tests and embedders may replace it (null = silent). */
  sink: ((line: string) => void) | null = (line) => process.stdout.write(line + "\n");

  constructor(private readonly config: Config | null = null) {}

  private emit(level: number, msg: string): void {
    const min = LEVELS.indexOf((this.config?.loglevel ?? "notice") as (typeof LEVELS)[number]);
    if (level < min || this.sink === null) return;
    const d = new Date();
    const p2 = (n: number) => String(n).padStart(2, "0");
    const ts = `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
    this.sink(`${process.pid}:M ${ts} ${MARKS[level]} ${msg}`);
  }

  debug(msg: string): void {
    this.emit(0, msg);
  }
  verbose(msg: string): void {
    this.emit(1, msg);
  }
  notice(msg: string): void {
    this.emit(2, msg);
  }
  warning(msg: string): void {
    this.emit(3, msg);
  }
}
