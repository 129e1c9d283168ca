/**
 * Injected failures: the next `count` requests matching a method and path
 * get a chosen status (and maybe a stall first), to exercise retries.
 */
import { z } from 'zod';

export const FaultSchema = z
  .object({
    method: z
      .string()
      .transform((method) => method.toUpperCase())
      .optional(),
    path: z.string().startsWith('/'),
    status: z.number().int().min(100).max(599).optional(),
    retryAfter: z.number().int().min(0).optional(),
    count: z.number().int().min(1).default(1),
    stallMs: z.number().int().min(0).max(600_000).optional(),
  })
  .refine((fault) => fault.status !== undefined || fault.stallMs, {
    message: 'a fault needs a status, a stallMs, or both',
  });

export type Fault = z.infer<typeof FaultSchema>;

interface ArmedFault extends Fault {
  remaining: number;
}

export class FaultInjector {
  private faults: ArmedFault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.count });
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map(({ remaining, ...fault }) => ({
      ...fault,
      count: remaining,
    }));
  }

  /** The first armed fault for this request, used up by one. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method === method) &&
        (candidate.path.endsWith('*')
          ? path.startsWith(candidate.path.slice(0, -1))
          : candidate.path === path),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) {
      this.faults = this.faults.filter((armed) => armed !== fault);
    }
    return fault;
  }
}
