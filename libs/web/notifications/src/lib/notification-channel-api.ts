import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ChannelConfigByKind,
  CreateNotificationChannelDetailsRequest,
  DeliveryState,
  DeliverySummary,
  NotificationChannelDetails,
  NotificationChannelKind,
  TestSendResponse,
  UpdateNotificationChannelRequest,
} from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/**
 * `PATCH /notification-channels/:id` as the console sends it: only what changed. `config` is the
 * kind's whole settings; `secrets` holds only the secrets that were typed again (an SMS
 * provider's under `primary` / `secondary`), the others stay as they are; `removeSecrets` names
 * the stored ones to forget (`password`, `botToken`, `secondary`, `secondary.apiKey`).
 */
export interface UpdateNotificationChannelDetailsRequest extends UpdateNotificationChannelRequest {
  enabled?: boolean;
  config?: ChannelConfigByKind[NotificationChannelKind];
  secrets?: Record<string, unknown>;
}

/** `GET /notification-deliveries` filters; each one left out means "any". */
export interface DeliveryQuery {
  state?: DeliveryState;
  channelId?: string;
  limit?: number;
}

/** HTTP access to notification channels and their deliveries (the console's only way to them). */
@Injectable({ providedIn: 'root' })
export class NotificationChannelApi {
  private readonly http = inject(HttpClient);

  list(): Observable<NotificationChannelDetails[]> {
    return this.http.get<NotificationChannelDetails[]>(NOTIFICATION_CHANNEL_ROUTES.collection, {
      cache: 'no-store',
    });
  }

  get(id: string): Observable<NotificationChannelDetails> {
    return this.http.get<NotificationChannelDetails>(NOTIFICATION_CHANNEL_ROUTES.item(id), {
      cache: 'no-store',
    });
  }

  create(request: CreateNotificationChannelDetailsRequest): Observable<NotificationChannelDetails> {
    return this.http.post<NotificationChannelDetails>(
      NOTIFICATION_CHANNEL_ROUTES.collection,
      request,
    );
  }

  update(
    id: string,
    request: UpdateNotificationChannelDetailsRequest,
  ): Observable<NotificationChannelDetails> {
    return this.http.patch<NotificationChannelDetails>(
      NOTIFICATION_CHANNEL_ROUTES.item(id),
      request,
    );
  }

  delete(id: string): Observable<void> {
    return this.http.delete<void>(NOTIFICATION_CHANNEL_ROUTES.item(id));
  }

  /** Sends a test message through the channel; answers once it was delivered or failed. */
  test(id: string): Observable<TestSendResponse> {
    return this.http.post<TestSendResponse>(NOTIFICATION_CHANNEL_ROUTES.test(id), {});
  }

  /** Deliveries, newest first. */
  deliveries(query: DeliveryQuery = {}): Observable<DeliverySummary[]> {
    let params = new HttpParams();
    if (query.state) params = params.set('state', query.state);
    if (query.channelId) params = params.set('channelId', query.channelId);
    if (query.limit) params = params.set('limit', String(query.limit));
    return this.http.get<DeliverySummary[]>(NOTIFICATION_CHANNEL_ROUTES.deliveries, {
      params,
      cache: 'no-store',
    });
  }

  /** One delivery with its attempts (404 when there is none of that id). */
  delivery(id: string): Observable<DeliverySummary> {
    return this.http.get<DeliverySummary>(NOTIFICATION_CHANNEL_ROUTES.delivery(id), {
      cache: 'no-store',
    });
  }
}
