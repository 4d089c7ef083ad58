// kubectl harden mark <check-id> <step>: marks a check's manual step done without the walk (or
// unmarks it with --undo), in the same progress file the walk keeps for this cluster. The mark
// is signed with the identity the API server names; it never changes a verdict.
import {checks, findCheck} from './checks/index.js';
import {whoAmI} from './engine/identity.js';
import {ProgressStore} from './engine/progress.js';
import type {Check} from './engine/types.js';
import type {KubeClient} from './kube/client.js';
import {UserError} from './kube/errors.js';
import {t} from './messages/catalog.js';

type Write = (line: string) => void;

const withSteps = () => checks.filter(check => (check.steps?.length ?? 0) > 0).map(check => check.id).join(', ');

/** The check and step named on the command line, refused in words before anything is read. */
export function markTarget(id: string | undefined, step: string | undefined): {check: Check; step: string} {
	if (!id) {
		throw new UserError(t('progress.cli.needsCheck', {checks: withSteps()}), 2);
	}
	const check = findCheck(id);
	if (!check) {
		throw new UserError(t('cli.error.unknownCheck', {id, checks: checks.map(item => item.id).join(', ')}), 2);
	}
	const steps = (check.steps ?? []).map(item => item.id);
	if (steps.length === 0) {
		throw new UserError(t('progress.cli.noSteps', {id, checks: withSteps()}), 2);
	}
	if (!step) {
		throw new UserError(t('progress.cli.needsStep', {id, steps: steps.join(', ')}), 2);
	}
	if (!steps.includes(step)) {
		throw new UserError(t('progress.cli.unknownStep', {id, step, steps: steps.join(', ')}), 2);
	}
	return {check, step};
}

export async function runMark(client: KubeClient, check: Check, step: string, options: {note: string | undefined; undo: boolean}, out: Write, store = new ProgressStore(client.server, client.target.clusterName)): Promise<number> {
	if (options.undo) {
		const was = store.read().marks[check.id]?.[step];
		if (!was) {
			out(t('progress.cli.notMarked', {check: check.id, step}));
			return 0;
		}
		store.mark(check.id, step, false, was);
		out(t('progress.cli.unmarked', {check: check.id, step, file: store.file}));
		return 0;
	}
	const {username} = await whoAmI(client);
	const at = new Date().toISOString();
	const note = options.note?.trim() || undefined;
	store.mark(check.id, step, true, {by: username, at, note});
	out(t('progress.cli.marked', {check: check.id, step, by: username, at, file: store.file}));
	return 0;
}
