/**
 * Keeps the CPUs awake while a latency benchmark runs, the way latency benchmarks such as
 * cyclictest do: a PM QoS request of 0 µs through /dev/cpu_dma_latency, held for as long as the
 * file stays open. The kernel then idles a CPU by polling instead of halting it.
 *
 * Why the streaming bench wants it: this machine is a virtual machine whose idle vCPUs halt
 * (cpuidle driver haltpoll, no guest polling). Every time a process wakes another one on an
 * idle vCPU, the waker's socket write sends an inter-processor interrupt through the hypervisor
 * and the woken vCPU has to be scheduled back in. Measured on this VM, one such write took about
 * 0.3 ms. The direct path pays none (its client and the fake share a core); the relay and Hearth
 * pay four per first token. That cost belongs to the virtual machine, not to the process in the
 * middle, and it swamped what the bench is there to show. With the CPUs kept awake the waker only
 * sets a flag the polling CPU sees (no interrupt); the relay floor fell from 0.56 to 0.28 ms.
 *
 * The request covers every path of the run alike (direct, relay and Hearth), and the bench's
 * header says whether it was held.
 */
import fs from 'node:fs';

/** The kernel's PM QoS interface for CPU wake-up latency. */
export const CPU_DMA_LATENCY = '/dev/cpu_dma_latency';

/** A held request; `release` closes the file, which withdraws it. */
export type CpuLatencyHold = { release(): void };

/**
 * Asks the kernel for 0 µs CPU wake-up latency until `release` (or this process's exit).
 * Returns null when the device is missing or not writable (not root, no PM QoS): the bench then
 * runs with the machine's usual idle states and says so.
 */
export function holdCpuLatency(device = CPU_DMA_LATENCY): CpuLatencyHold | null {
  let fd: number;
  try {
    fd = fs.openSync(device, 'w');
  } catch {
    return null;
  }
  try {
    const zero = Buffer.alloc(4);
    zero.writeInt32LE(0);
    fs.writeSync(fd, zero);
  } catch {
    fs.closeSync(fd);
    return null;
  }
  let open = true;
  return {
    release() {
      if (!open) return;
      open = false;
      fs.closeSync(fd);
    },
  };
}
