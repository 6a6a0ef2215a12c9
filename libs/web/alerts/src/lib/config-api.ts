import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateEscalationPolicyRequest,
  CreateRoutingRuleRequest,
  CreateSilenceRequest,
  EscalationPolicySummary,
  RoutingRuleSummary,
  SilenceSummary,
  UpdateEscalationPolicyRequest,
  UpdateRoutingRuleRequest,
} from '@hyperion/contracts';
import { ALERT_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/**
 * HTTP access to how alerts are handled: silences (and maintenance windows), escalation policies
 * and routing rules. Teams, contacts, schedules and channels come from `@hyperion/web/notifications`.
 */
@Injectable({ providedIn: 'root' })
export class ConfigApi {
  private readonly http = inject(HttpClient);

  /** Every silence, active, pending and expired. */
  silences(): Observable<SilenceSummary[]> {
    return this.http.get<SilenceSummary[]>(ALERT_ROUTES.silences, { cache: 'no-store' });
  }

  createSilence(request: CreateSilenceRequest): Observable<SilenceSummary> {
    return this.http.post<SilenceSummary>(ALERT_ROUTES.silences, request);
  }

  /** Ends it now (it stays listed as expired). */
  expireSilence(id: string): Observable<void> {
    return this.http.delete<void>(ALERT_ROUTES.silence(id));
  }

  escalationPolicies(): Observable<EscalationPolicySummary[]> {
    return this.http.get<EscalationPolicySummary[]>(ALERT_ROUTES.escalationPolicies, {
      cache: 'no-store',
    });
  }

  createEscalationPolicy(
    request: CreateEscalationPolicyRequest,
  ): Observable<EscalationPolicySummary> {
    return this.http.post<EscalationPolicySummary>(ALERT_ROUTES.escalationPolicies, request);
  }

  updateEscalationPolicy(
    id: string,
    request: UpdateEscalationPolicyRequest,
  ): Observable<EscalationPolicySummary> {
    return this.http.patch<EscalationPolicySummary>(ALERT_ROUTES.escalationPolicy(id), request);
  }

  deleteEscalationPolicy(id: string): Observable<void> {
    return this.http.delete<void>(ALERT_ROUTES.escalationPolicy(id));
  }

  /** The organisation's routing rules, by position (the first match wins). */
  routingRules(): Observable<RoutingRuleSummary[]> {
    return this.http.get<RoutingRuleSummary[]>(ALERT_ROUTES.routingRules, { cache: 'no-store' });
  }

  createRoutingRule(request: CreateRoutingRuleRequest): Observable<RoutingRuleSummary> {
    return this.http.post<RoutingRuleSummary>(ALERT_ROUTES.routingRules, request);
  }

  /** A new `position` moves the rule there; the others shift. */
  updateRoutingRule(id: string, request: UpdateRoutingRuleRequest): Observable<RoutingRuleSummary> {
    return this.http.patch<RoutingRuleSummary>(ALERT_ROUTES.routingRule(id), request);
  }

  deleteRoutingRule(id: string): Observable<void> {
    return this.http.delete<void>(ALERT_ROUTES.routingRule(id));
  }
}
