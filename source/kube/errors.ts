// Errors that carry a sentence for the operator. Anything else that reaches the top of the
// program is a bug, reported as such (still without a stack trace unless HARDEN_DEBUG is set).

export class UserError extends Error {
	readonly exitCode: number;

	constructor(message: string, exitCode = 1) {
		super(message);
		this.name = 'UserError';
		this.exitCode = exitCode;
	}
}

export type KubeErrorCode =
	| 'unreachable'
	| 'connection-refused'
	| 'aborted'
	| 'tls'
	| 'unauthorized'
	| 'forbidden'
	| 'timeout'
	| 'not-found'
	| 'conflict'
	| 'invalid'
	| 'gone'
	| 'server'
	| 'bad-response';

export interface RequestTarget {
	verb: string;
	/** Plural resource (with group when not core), or the non-resource path. */
	resource: string;
	namespace?: string | undefined;
	name?: string | undefined;
}

export class KubeError extends UserError {
	readonly code: KubeErrorCode;
	readonly status: number | undefined;
	readonly target: RequestTarget;
	/** The API server's own message, when it sent one. */
	readonly detail: string | undefined;

	constructor(code: KubeErrorCode, message: string, target: RequestTarget, status?: number, detail?: string) {
		super(message, 1);
		this.name = 'KubeError';
		this.code = code;
		this.status = status;
		this.target = target;
		this.detail = detail;
	}
}

export function isKubeError(error: unknown, code?: KubeErrorCode): error is KubeError {
	return error instanceof KubeError && (code === undefined || error.code === code);
}
