/**
 * Commands that act on one existing call: answer, reject, hang up, hold,
 * resume, mute, unmute, push, record, DTMF.
 */
import type {
  CommandContext,
  CommandSpec,
} from '../../bot/commands/command-spec.ts';
import { CommandUsageError } from '../../bot/commands/error-replies.ts';
import type { WebexSession } from '../../webex/index.ts';
import type { Call } from '../../webex/telephony-types.ts';
import { withIntent } from '../call-intents.ts';
import {
  isConnected,
  isHeld,
  isInProgress,
  isRinging,
  parseCallIndex,
} from '../select-call.ts';
import {
  type Choice,
  chooseCall,
  noMoreArgs,
  notACallNumber,
  splitCallIndex,
  theCall,
} from './call-command-kit.ts';

type Fit = Omit<Choice, 'verb' | 'command'>;

const ringingIncoming: Fit = {
  fits: (call) => isRinging(call) && call.personality === 'terminator',
  noneMessage: 'No call is ringing.',
};

const anyCall: Fit = {
  fits: (call) => call.state !== 'disconnected',
  noneMessage: 'You have no active call.',
};

const inProgress: Fit = {
  fits: isInProgress,
  noneMessage: 'You have no call in progress.',
};

/**
 * A command `/name [n]` that runs `act` on the chosen call; `verb` says
 * what it does in words ("hang up").
 */
function simple(
  name: string,
  verb: string,
  summary: string,
  choice: Fit,
  act: (api: WebexSession, call: Call, ctx: CommandContext) => Promise<string>,
): CommandSpec {
  return {
    name,
    usage: `/${name} [n]`,
    summary,
    needsAuth: true,
    async run(ctx, args) {
      const [word, ...extra] = args;
      noMoreArgs(extra, name);
      const index = word === undefined ? undefined : parseCallIndex(word);
      if (word !== undefined && index === undefined) notACallNumber(word);
      const sentence = await ctx.withToken(async (api) => {
        const call = await chooseCall(ctx, api, index, {
          ...choice,
          verb,
          command: name,
        });
        return act(api, call, ctx);
      });
      await ctx.reply(sentence);
    },
  };
}

const REJECT_ACTIONS = {
  busy: 'busy',
  unavailable: 'temporarilyUnavailable',
  ignore: 'ignore',
} as const;
type RejectReason = keyof typeof REJECT_ACTIONS;
type RejectAction = (typeof REJECT_ACTIONS)[RejectReason];

const rejectCommand: CommandSpec = {
  name: 'reject',
  aliases: ['decline'],
  usage: '/reject [n] [busy|unavailable|ignore]',
  summary: 'Turn down a ringing call (busy by default).',
  needsAuth: true,
  async run(ctx, args) {
    // A call number and a reason, in either order, each at most once.
    let action: RejectAction | undefined;
    let index: number | undefined;
    for (const word of args) {
      const lower = word.toLowerCase();
      const reason = Object.hasOwn(REJECT_ACTIONS, lower)
        ? REJECT_ACTIONS[lower as RejectReason]
        : undefined;
      const n = parseCallIndex(word);
      if (reason !== undefined && action === undefined) action = reason;
      else if (n !== undefined && index === undefined) index = n;
      else if (reason !== undefined || n !== undefined) {
        noMoreArgs([word], 'reject');
      } else {
        throw new CommandUsageError(
          `I did not understand “${word}”: say busy, unavailable or ignore, and a call number if you have several.`,
        );
      }
    }

    const sentence = await ctx.withToken(async (api) => {
      const call = await chooseCall(ctx, api, index, {
        ...ringingIncoming,
        verb: 'decline',
        command: 'reject',
      });
      await withIntent(ctx.deps.store, call.id, { did: 'declined' }, () =>
        api.calls.reject({ callId: call.id, action: action ?? 'busy' }),
      );
      return `Declined ${theCall(call)}.`;
    });
    await ctx.reply(sentence);
  },
};

const RECORDING = ['start', 'stop', 'pause', 'resume'] as const;
type RecordingVerb = (typeof RECORDING)[number];
const RECORDING_VERBS: Record<RecordingVerb, string> = {
  start: 'start recording',
  stop: 'stop recording',
  pause: 'pause the recording of',
  resume: 'resume the recording of',
};

const recordCommand: CommandSpec = {
  name: 'record',
  usage: '/record start|stop|pause|resume [n]',
  summary: 'Start, stop, pause or resume recording a call.',
  needsAuth: true,
  async run(ctx, args) {
    const { index, rest } = splitCallIndex(args);
    const verb = rest[0]?.toLowerCase() as RecordingVerb | undefined;
    if (verb === undefined || !RECORDING.includes(verb) || rest.length > 1) {
      throw new CommandUsageError(
        'Say start, stop, pause or resume, then the call number if you have several, e.g. `/record start 2`.',
      );
    }

    const sentence = await ctx.withToken(async (api) => {
      const call = await chooseCall(ctx, api, index, {
        ...inProgress,
        verb: RECORDING_VERBS[verb],
        command: `record ${verb}`,
      });
      const request = { callId: call.id };
      const done = {
        start: () => api.calls.startRecording(request),
        stop: () => api.calls.stopRecording(request),
        pause: () => api.calls.pauseRecording(request),
        resume: () => api.calls.resumeRecording(request),
      }[verb];
      await done();
      const past = {
        start: 'started',
        stop: 'stopped',
        pause: 'paused',
        resume: 'resumed',
      }[verb];
      return `Recording ${past} on ${theCall(call)}.`;
    });
    await ctx.reply(sentence);
  },
};

const DTMF = /^[0-9*#A-Da-d,]{1,64}$/;

const dtmfCommand: CommandSpec = {
  name: 'dtmf',
  usage: '/dtmf <digits> [n]',
  summary: 'Send touch tones, in one word (0-9, *, #, A-D; a comma pauses).',
  needsAuth: true,
  async run(ctx, args) {
    const { index, rest } = splitCallIndex(args, false);
    const digits = rest.join('');
    if (!DTMF.test(digits)) {
      throw new CommandUsageError(
        'Give the tones to send in one word, then the call number if you have several: digits 0-9, *, #, A-D, and commas for pauses, e.g. `/dtmf 1234# 2`.',
      );
    }
    const sentence = await ctx.withToken(async (api) => {
      const call = await chooseCall(ctx, api, index, {
        fits: isConnected,
        verb: 'send the tones to',
        command: `dtmf ${digits}`,
        noneMessage: 'You have no connected call to send tones to.',
      });
      await api.calls.transmitDtmf({
        callId: call.id,
        dtmf: digits.toUpperCase(),
      });
      return `Sent ${digits} to ${theCall(call)}.`;
    });
    await ctx.reply(sentence);
  },
};

export const callActionCommands: CommandSpec[] = [
  simple(
    'answer',
    'answer',
    'Answer a ringing call.',
    ringingIncoming,
    async (api, call) => {
      await api.calls.answer({ callId: call.id });
      return `Answered ${theCall(call)}.`;
    },
  ),
  rejectCommand,
  simple(
    'hangup',
    'hang up',
    'End a call.',
    anyCall,
    async (api, call, ctx) => {
      await withIntent(ctx.deps.store, call.id, { did: 'hungUp' }, () =>
        api.calls.hangup({ callId: call.id }),
      );
      return `Hung up ${theCall(call)}.`;
    },
  ),
  simple(
    'hold',
    'put on hold',
    'Put a call on hold.',
    {
      ...inProgress,
      fits: isConnected,
      noneMessage: 'You have no connected call to hold.',
    },
    async (api, call) => {
      await api.calls.hold({ callId: call.id });
      return `Put ${theCall(call)} on hold.`;
    },
  ),
  simple(
    'resume',
    'take off hold',
    'Take a held call off hold.',
    { ...inProgress, fits: isHeld, noneMessage: 'You have no call on hold.' },
    async (api, call) => {
      await api.calls.resume({ callId: call.id });
      return `Resumed ${theCall(call)}.`;
    },
  ),
  simple(
    'mute',
    'mute',
    'Mute your side of a call.',
    inProgress,
    async (api, call) => {
      if (call.muted) return 'That call is already muted.';
      await api.calls.mute({ callId: call.id });
      return `Muted ${theCall(call)}.`;
    },
  ),
  simple(
    'unmute',
    'unmute',
    'Unmute your side of a call.',
    inProgress,
    async (api, call) => {
      if (!call.muted) return 'That call is not muted.';
      await api.calls.unmute({ callId: call.id });
      return `Unmuted ${theCall(call)}.`;
    },
  ),
  simple(
    'push',
    'push to your executive',
    'Push a call to the executive you assist.',
    inProgress,
    async (api, call) => {
      await api.calls.push({ callId: call.id });
      return `Pushed ${theCall(call)} to your executive.`;
    },
  ),
  recordCommand,
  dtmfCommand,
];
