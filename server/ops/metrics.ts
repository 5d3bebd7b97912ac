/** Prometheus text exposition of a few process and Hearth figures. */
import type { AppContext } from '#server/context';

/** Renders the metrics page. */
export function renderMetrics(ctx: AppContext): string {
  const mem = process.memoryUsage();
  const lines = [
    '# HELP hearth_process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE hearth_process_resident_memory_bytes gauge',
    `hearth_process_resident_memory_bytes ${mem.rss}`,
    '# HELP hearth_process_heap_used_bytes V8 heap in use, in bytes.',
    '# TYPE hearth_process_heap_used_bytes gauge',
    `hearth_process_heap_used_bytes ${mem.heapUsed}`,
    '# HELP hearth_process_uptime_seconds Seconds since the process started.',
    '# TYPE hearth_process_uptime_seconds gauge',
    `hearth_process_uptime_seconds ${Math.round(process.uptime())}`,
    '# HELP hearth_generations_running Generations streaming right now.',
    '# TYPE hearth_generations_running gauge',
    `hearth_generations_running ${ctx.generations.runningCount()}`,
    '# HELP hearth_generations_waiting Generations (chat, /v1, titles) waiting for their turn in the fair queue.',
    '# TYPE hearth_generations_waiting gauge',
    `hearth_generations_waiting ${ctx.generations.scheduler.waitingCount()}`,
    '# HELP hearth_websockets_open WebSockets open on this process.',
    '# TYPE hearth_websockets_open gauge',
    `hearth_websockets_open ${ctx.sockets.count()}`,
    '# HELP hearth_api_requests_running /v1 completions running on this process.',
    '# TYPE hearth_api_requests_running gauge',
    `hearth_api_requests_running ${ctx.apiRequests.count()}`,
  ];
  return `${lines.join('\n')}\n`;
}
