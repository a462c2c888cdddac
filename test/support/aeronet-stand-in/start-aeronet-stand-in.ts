/**
 * A stand-in for the AERONET web service on 127.0.0.1: it responds to print_web_data_v3 queries
 * from AERONET Version 3 files (see stand-in-response.ts for what it follows), serves a site
 * list at /aeronet_locations_v3.txt when given one, records every request, and injects the
 * faults of a FaultPlan.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { faultFor, type Fault, type FaultPlan, type RecordedRequest } from './fault-plan.ts';
import { respondToQuery, errorPage, type StandInResponse } from './stand-in-response.ts';
import { loadStandInData } from './stand-in-data.ts';

export type { Fault, FaultPlan, FaultRule, RecordedRequest } from './fault-plan.ts';
export { TITLE_LINE } from './stand-in-response.ts';

export interface StandInOptions {
  /** AERONET AOD files to serve, or a folder of them. */
  files: string[] | string;
  faults?: FaultPlan;
  /** Site names accepted in `site=` besides those in the files: sites without data. */
  knownSites?: string[];
  /** Site list file served at /aeronet_locations_v3.txt. */
  siteList?: string;
}

export interface AeronetStandIn {
  /** URL of the print_web_data_v3 endpoint. */
  url: string;
  /** URL of the site list. */
  siteListUrl: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Maximum number of requests open (received, response not yet finished) at one time. */
  maxOpenRequests(): number;
  /** Replaces the fault plan for the requests still to come. */
  setFaults(plan: FaultPlan): void;
  /** Stops the server, dropping open connections and pending delayed responses. */
  close(): Promise<void>;
}

const SERVICE_PATH = '/cgi-bin/print_web_data_v3';
const SITE_LIST_PATH = '/aeronet_locations_v3.txt';

export async function startAeronetStandIn(options: StandInOptions): Promise<AeronetStandIn> {
  const data = await loadStandInData(options.files);
  const knownSites = new Set([...data.sites, ...(options.knownSites ?? [])]);
  const siteList = options.siteList === undefined ? null : await readFile(options.siteList);
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let plan = options.faults ?? [];
  let open = 0;
  let maxOpen = 0;

  const responseFor = (path: string, params: URLSearchParams): StandInResponse => {
    if (path === SERVICE_PATH) return respondToQuery(data, params, knownSites);
    if (path === SITE_LIST_PATH && siteList !== null) {
      return { status: 200, contentType: 'text/plain', body: siteList.toString('utf8') };
    }
    return { status: 404, contentType: 'text/plain', body: `no such path ${path}\n` };
  };

  const server = createServer((request, response) => {
    const target = new URL(request.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = {
      number: requests.length + 1,
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      path: target.pathname,
      params: Object.fromEntries(target.searchParams),
      receivedAt: Date.now(),
    };
    requests.push(recorded);
    open++;
    maxOpen = Math.max(maxOpen, open);
    response.once('close', () => open--);

    const fault = faultFor(plan, recorded);
    const normal = () => responseFor(target.pathname, target.searchParams);
    if (fault?.kind === 'delay') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(response, normal());
      }, fault.ms);
      timers.add(timer);
      return;
    }
    if (fault === null) send(response, normal());
    else injectFault(fault, request, response, normal);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}${SERVICE_PATH}`,
    siteListUrl: `${origin}${SITE_LIST_PATH}`,
    requests,
    maxOpenRequests: () => maxOpen,
    setFaults: (next) => {
      plan = next;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function injectFault(
  fault: Exclude<Fault, { kind: 'delay' }>,
  request: IncomingMessage,
  response: ServerResponse,
  normal: () => StandInResponse,
): void {
  switch (fault.kind) {
    case 'status': {
      const body = `<html><body><h1>${fault.status}</h1></body></html>\n`;
      if (fault.retryAfter !== undefined) response.setHeader('retry-after', fault.retryAfter);
      send(response, { status: fault.status, contentType: 'text/html', body });
      return;
    }
    case 'html-error':
      send(response, errorPage('the server is busy, please try again later'));
      return;
    case 'empty':
      send(response, { status: 200, contentType: 'text/plain', body: '' });
      return;
    case 'body':
      send(response, { status: fault.status ?? 200, contentType: 'text/plain', body: fault.body });
      return;
    case 'reset':
      request.socket.destroy();
      return;
    case 'truncate':
      truncate(response, normal(), fault);
      return;
  }
}

function send(response: ServerResponse, reply: StandInResponse): void {
  if (response.destroyed) return;

  const body = Buffer.from(reply.body, 'utf8');
  response.writeHead(reply.status, {
    'content-type': reply.contentType,
    'content-length': body.length,
  });
  response.end(body);
}

function truncate(
  response: ServerResponse,
  reply: StandInResponse,
  fault: Extract<Fault, { kind: 'truncate' }>,
): void {
  const body = Buffer.from(reply.body, 'utf8');
  const partialBody = body.subarray(0, fault.keepBytes ?? Math.floor(body.length / 2));
  if (fault.mode === 'end-early') {
    response.writeHead(reply.status, { 'content-type': reply.contentType });
    response.end(partialBody);
    return;
  }

  response.writeHead(reply.status, {
    'content-type': reply.contentType,
    'content-length': body.length,
  });
  // Destroying the socket once the partial body is flushed cuts the body mid-way.
  response.write(partialBody, () => response.socket?.destroy());
}
