import { AuditService } from '@hyperion/api/audit';
import type {
  ServiceAction,
  ServiceActionResult,
  ServiceInfo,
  ServiceList,
} from '@hyperion/contracts';
import { SERVICE_CONTROL_UNAVAILABLE, SYSTEM_RULES } from '@hyperion/contracts';
import {
  BadGatewayException,
  ConflictException,
  GatewayTimeoutException,
  HttpException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { LIST_SERVICES, parseServiceList, Systemctl, SystemctlRun } from './systemctl';

/** A listing that takes longer than this is systemd not answering. */
const LIST_TIMEOUT_MS = 15_000;
/** systemctl's exit status for a unit that is not loaded ("Unit x.service not found."). */
const EXIT_UNIT_NOT_FOUND = 5;
/** systemctl's error text kept in a message and an audit entry. */
const MESSAGE_MAX = 500;

type ActionOutcome = 'done' | 'not_found' | 'failed' | 'timed_out' | 'unavailable';

/**
 * The systemd services of this host: the list, and start / stop / restart through systemctl,
 * audited as `service_control` with the unit, the action and the outcome. Without systemd the
 * list says so (`available: false`) and every action is a 409.
 */
@Injectable()
export class ServicesService {
  constructor(
    private readonly systemctl: Systemctl,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ServiceList> {
    if (!this.systemctl.systemdRuns()) return unavailable('systemd is not running');
    const run = await this.systemctl.run(LIST_SERVICES, LIST_TIMEOUT_MS);
    if (run.kind !== 'exited' || run.exitCode !== 0) {
      return unavailable(`systemctl does not answer (${describeRun(run)})`);
    }
    const services = parseServiceList(run.stdout);
    if (!services) return unavailable('systemctl list-units did not answer with the JSON list');
    return { available: true, reason: null, services };
  }

  async act(unit: string, action: ServiceAction): Promise<ServiceActionResult> {
    if (!this.systemctl.systemdRuns()) {
      const error = new ConflictException(`${SERVICE_CONTROL_UNAVAILABLE}: systemd is not running`);
      await this.audit.recordRepeated(
        {
          action: 'service_control',
          target: targetOf(unit),
          result: 'failure',
          details: { unit, action, outcome: 'unavailable', message: error.message },
        },
        { facet: 'unavailable', sample: targetOf(unit) },
      );
      throw error;
    }
    // `--` ends systemctl's options: a unit can never be read as one.
    const run = await this.systemctl.run(
      [action, '--', unit],
      SYSTEM_RULES.serviceActionTimeoutSeconds * 1000,
    );
    const failure =
      run.kind === 'exited' && run.exitCode === 0 ? null : failureOf(run, unit, action);
    await this.audit.record({
      action: 'service_control',
      target: targetOf(unit),
      result: failure ? 'failure' : 'success',
      details: {
        unit,
        action,
        outcome: failure?.outcome ?? 'done',
        ...(run.kind === 'exited' ? { exitCode: run.exitCode } : {}),
        ...(failure ? { message: failure.error.message } : {}),
      },
    });
    if (failure) throw failure.error;
    return { unit, action, service: await this.state(unit) };
  }

  /** The unit as systemd now reports it; null if it does not list it or does not answer. */
  private async state(unit: string): Promise<ServiceInfo | null> {
    const run = await this.systemctl.run([...LIST_SERVICES, '--', unit], LIST_TIMEOUT_MS);
    if (run.kind !== 'exited' || run.exitCode !== 0) return null;
    return parseServiceList(run.stdout)?.find((s) => s.unit === unit) ?? null;
  }
}

function unavailable(why: string): ServiceList {
  return { available: false, reason: `${SERVICE_CONTROL_UNAVAILABLE}: ${why}`, services: [] };
}

function targetOf(unit: string): string {
  return `service:${unit}`;
}

/** What a failed run means for the caller: the outcome recorded and the answer. */
function failureOf(
  run: SystemctlRun,
  unit: string,
  action: ServiceAction,
): { outcome: ActionOutcome; error: HttpException } {
  const command = `systemctl ${action} ${unit}`;
  switch (run.kind) {
    case 'timed_out':
      return {
        outcome: 'timed_out',
        error: new GatewayTimeoutException(
          `${command} did not finish within ${SYSTEM_RULES.serviceActionTimeoutSeconds} s; the unit may still be changing state`,
        ),
      };
    case 'not_run':
      return {
        outcome: 'unavailable',
        error: new ConflictException(
          `${SERVICE_CONTROL_UNAVAILABLE}: systemctl could not be run (${run.message})`,
        ),
      };
    case 'exited':
      if (run.exitCode === EXIT_UNIT_NOT_FOUND) {
        return {
          outcome: 'not_found',
          error: new NotFoundException(`${unit} is not a unit of this host`),
        };
      }
      return {
        outcome: 'failed',
        error: new BadGatewayException(
          `${command} failed (exit ${run.exitCode}): ${errorText(run)}`,
        ),
      };
  }
}

function describeRun(run: SystemctlRun): string {
  switch (run.kind) {
    case 'timed_out':
      return `no answer within ${LIST_TIMEOUT_MS / 1000} s`;
    case 'not_run':
      return run.message;
    case 'exited':
      return `exit ${run.exitCode}: ${errorText(run)}`;
  }
}

/** systemctl's own words (its stderr), on one line. */
function errorText(run: { stderr: string; stdout: string }): string {
  const text = (run.stderr.trim() || run.stdout.trim() || 'no message').replace(/\s+/g, ' ');
  return text.length > MESSAGE_MAX ? `${text.slice(0, MESSAGE_MAX - 1)}…` : text;
}
