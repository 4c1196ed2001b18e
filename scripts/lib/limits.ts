/**
 * Documented limits shared by the scripts and by code that also runs in the browser demo
 * (which must not import the command-line module, since it uses node:util).
 */

/** The widest hidden layer a command line or a described checkpoint may name. */
export const maxWidth = 100000
