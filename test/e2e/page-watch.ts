/**
 * Watches one browser page: every request it makes (to prove nothing leaves the origin) and
 * every uncaught exception or console error (a test fails on ones it did not expect).
 */
import type { Page } from 'playwright-core';

/** Schemes that never touch the network. */
const LOCAL_SCHEMES = ['data:', 'blob:', 'about:'];

/**
 * Console errors a correct app still causes: Chromium logs every non-2xx fetch as
 * "Failed to load resource", e.g. the 401 of GET /api/auth/me before signing in.
 */
const ALWAYS_ALLOWED: RegExp[] = [/Failed to load resource: the server responded with a status of 401/];

export class PageWatch {
  /** Every URL the page requested, in order. */
  readonly requests: string[] = [];
  /** WebSocket frames the page received, as text. */
  readonly wsFramesReceived: string[] = [];
  /** WebSocket URLs the page opened. */
  readonly webSockets: string[] = [];
  /** Uncaught exceptions and console errors, as text. */
  readonly consoleErrors: string[] = [];
  private readonly allowed: RegExp[] = [...ALWAYS_ALLOWED];

  constructor(
    readonly page: Page,
    readonly origin: string,
  ) {
    page.on('request', (request) => this.requests.push(request.url()));
    page.on('pageerror', (error) => this.consoleErrors.push(`uncaught ${error.name}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(`console.error: ${message.text()}`);
    });
    page.on('websocket', (ws) => {
      this.webSockets.push(ws.url());
      ws.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string') this.wsFramesReceived.push(frame.payload);
      });
    });
  }

  /** Lets console errors matching `pattern` pass (e.g. the 502 of a failed model call). */
  allowConsoleError(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  /** Requests that went anywhere but this page's origin (WebSockets included). */
  foreignRequests(): string[] {
    const wsOrigin = this.origin.replace(/^http/, 'ws');
    return [...this.requests, ...this.webSockets].filter(
      (url) =>
        !LOCAL_SCHEMES.some((s) => url.startsWith(s)) &&
        new URL(url).origin !== this.origin &&
        new URL(url).origin !== wsOrigin,
    );
  }

  /** Unexpected errors, and requests to other origins, as readable lines. */
  problems(): string[] {
    const unexpected = this.consoleErrors.filter((e) => !this.allowed.some((p) => p.test(e)));
    return [...unexpected, ...this.foreignRequests().map((url) => `request to another origin: ${url}`)];
  }
}
