// The tool's version; the release build checks it against package.json.
export const version = '0.1.0';
