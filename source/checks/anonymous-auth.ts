// 1.2 anonymous-auth: Requests without credentials are refused.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, line, type Phrase} from '../engine/words.js';
import {controlPlane, flag} from '../facts/control-plane.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'Requests without credentials are refused',
	risk: 'With anonymous authentication on, a request with no credentials at all is treated as the user system:anonymous. Then one binding to that user (or to system:unauthenticated) opens the API to anyone who can reach it.',
	attack: 'An attacker who reaches the API server\'s port from the internet or a pod asks it questions without logging in; wherever a binding lets system:anonymous read, they read the cluster\'s layout, and sometimes more.',
	fix: 'Nothing to change through the API: anonymous authentication is an API server flag. The bindings that give anonymous callers access are removed by anonymous-bindings.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Set --anonymous-auth=false on the API server, or (Kubernetes 1.32 and later) keep it on only for health endpoints with an AuthenticationConfiguration: anonymous: {enabled: true, conditions: [{path: /livez}, {path: /readyz}, {path: /healthz}]}. Check that load balancer health checks still pass.',
	link: `${guideUrl}#api-authentication`,
	'ev.401': 'without credentials: 401 Unauthorized',
	'ev.403': 'without credentials: 403 Forbidden (the request was taken as system:anonymous, then refused by authorization)',
	'ev.200': 'without credentials: 200 OK: anyone who reaches the server can list namespaces',
	'reason.off': 'Anonymous authentication is off: the request was turned away before authorization.',
	'reason.on': 'Anonymous authentication is on (flag --anonymous-auth: {flag}); only RBAC keeps anonymous callers out.',
	'reason.open': 'Anonymous callers can read the cluster.',
	flagUnseen: 'not visible',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('anonymous-auth', words);

/** What an unauthenticated caller gets back: 401 off, 403 on but refused, 200 on and allowed. */
export const anonymousAuth: Check = {
	id: 'anonymous-auth',
	section: '1.2',
	words,
	async probe(context) {
		const asked = '/api/v1/namespaces';
		const {status} = await context.snapshot.request({path: asked, query: {limit: 1}, acceptStatus: [401, 403]}, 'anonymous');
		const evidence = (detail: Phrase): Evidence[] => [{kind: 'Request', name: `GET ${asked}`, ...line(detail)}];
		if (status === 401) {
			return {status: 'pass', severity: 'info', evidence: evidence(say.code('ev.401')), ...say.reason('reason.off')};
		}
		if (status === 403) {
			const plane = await controlPlane(context);
			const flagged = plane.apiserver ? flag(plane.apiserver, 'anonymous-auth') : undefined;
			return {status: 'warn', severity: 'low', evidence: evidence(say.code('ev.403')), ...say.reason('reason.on', {flag: flagged ?? say('flagUnseen')})};
		}
		return {status: 'fail', severity: 'critical', evidence: evidence(say.code('ev.200')), ...say.reason('reason.open')};
	},
};
