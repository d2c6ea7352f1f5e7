/**
 * The deployment slot: a fixed-size string the server overwrites, in its copy of the
 * executable, with the server it belongs to (URL and certificate pin). The single executable
 * keeps the bundle's source verbatim, so the same bytes are found in the file; the build
 * checks there is exactly one of them. Unpatched (the build output, `node dist/main.js`) it
 * holds only padding and means "no deployment".
 *
 * Layout (docs/agent.md "Bound downloads"): the 18-byte marker `TASUKE-DEPLOYMENT:`, then
 * base64url of the JSON `{ "serverUrl", "fingerprint" }`, then spaces up to 1024 bytes.
 * base64url keeps quotes and backslashes out of the JavaScript string literal.
 */

/** The slot itself. Its marker must appear nowhere else in the bundle: do not repeat it. */
export const DEPLOYMENT_SLOT =
  'TASUKE-DEPLOYMENT:                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              '

/** Bytes of the marker at the start of the slot. */
export const DEPLOYMENT_MARKER_BYTES = 18
export const DEPLOYMENT_SLOT_BYTES = 1024
