/**
 * Every `POST /v1/telephony/calls/<name>` operation: what it does and
 * the status it answers with when it returns a body (no body: 204).
 */
import type { SandboxPerson } from '../contract.ts';
import {
  answer,
  dial,
  hangup,
  hold,
  reject,
  resume,
  setMuted,
} from './basic-actions.ts';
import type { CallSwitch } from './call-switch.ts';
import { park, retrieve } from './park-actions.ts';
import { recording, transmitDtmf } from './recording-actions.ts';
import { divert, push, transfer } from './redirect-actions.ts';
import type { Body } from './request-body.ts';
import { bargeIn, pickup, pull } from './takeover-actions.ts';

export interface CallAction {
  run(calls: CallSwitch, person: SandboxPerson, body: Body): unknown;
  /** Status for a returned body (201 Created unless stated). */
  status?: number;
}

export const CALL_ACTIONS: Record<string, CallAction> = {
  dial: { run: dial },
  answer: { run: answer },
  reject: { run: reject },
  hangup: { run: hangup },
  hold: { run: hold },
  resume: { run: resume },
  mute: { run: (calls, person, body) => setMuted(calls, person, body, true) },
  unmute: {
    run: (calls, person, body) => setMuted(calls, person, body, false),
  },
  divert: { run: divert },
  transfer: { run: transfer },
  park: { run: park, status: 200 },
  retrieve: { run: retrieve },
  startRecording: {
    run: (calls, person, body) => recording(calls, person, body, 'start'),
  },
  stopRecording: {
    run: (calls, person, body) => recording(calls, person, body, 'stop'),
  },
  pauseRecording: {
    run: (calls, person, body) => recording(calls, person, body, 'pause'),
  },
  resumeRecording: {
    run: (calls, person, body) => recording(calls, person, body, 'resume'),
  },
  transmitDtmf: { run: transmitDtmf },
  push: { run: push },
  pickup: { run: pickup },
  bargeIn: { run: bargeIn },
  pull: { run: pull },
};
