import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { INCIDENT_ROUTES } from '@hyperion/contracts';

import { IncidentApi } from './incident-api';
import { IncidentRecordsApi } from './records-api';
import { ID } from './testing/fixtures';

describe('IncidentApi and IncidentRecordsApi', () => {
  let api: IncidentApi;
  let records: IncidentRecordsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(IncidentApi);
    records = TestBed.inject(IncidentRecordsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists with only the filters given', () => {
    api.list({ status: 'open,acknowledged', q: '', cursor: 'c-1', limit: 50 }).subscribe();
    const list = http.expectOne((r) => r.url === INCIDENT_ROUTES.collection);
    expect(list.request.params.keys().sort()).toEqual(['cursor', 'limit', 'status']);
    expect(list.request.params.get('status')).toBe('open,acknowledged');
    list.flush({ items: [], nextCursor: null });
  });

  it('sends moves, patches, screenshots (multipart field `file`) and reads exports as blobs', () => {
    api.act(ID, 'start', { version: 3 }).subscribe();
    api.update(ID, { title: 'x', version: 3 }).subscribe();
    api.upload(ID, new File(['png'], 'shot.png', { type: 'image/png' })).subscribe();
    api.exportPdf(ID).subscribe();
    records
      .savePostmortem(ID, {
        summary: '',
        rootCause: '',
        impact: '',
        timeline: [],
        wentWell: '',
        wentBadly: '',
        status: 'draft',
        version: 0,
      })
      .subscribe();
    records.actionItems({ overdue: true }).subscribe();

    const move = http.expectOne(`/api/v1/incidents/${ID}/start`);
    expect(move.request.method).toBe('POST');
    expect(move.request.body).toEqual({ version: 3 });
    move.flush({});
    expect(http.expectOne({ method: 'PATCH', url: INCIDENT_ROUTES.item(ID) }).request.body).toEqual(
      {
        title: 'x',
        version: 3,
      },
    );
    const upload = http.expectOne({ method: 'POST', url: INCIDENT_ROUTES.attachments(ID) });
    expect((upload.request.body as FormData).get('file')).toBeInstanceOf(File);
    expect(http.expectOne(INCIDENT_ROUTES.exportPdf(ID)).request.responseType).toBe('blob');
    expect(
      http.expectOne({ method: 'PUT', url: INCIDENT_ROUTES.postmortem(ID) }).request.body,
    ).toMatchObject({
      version: 0,
    });
    expect(
      http.expectOne((r) => r.url === INCIDENT_ROUTES.actionItems).request.params.get('overdue'),
    ).toBe('true');
  });
});
