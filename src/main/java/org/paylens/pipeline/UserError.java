package org.paylens.pipeline;

/** A problem the user can fix (bad option, wrong directory): reported as one line, exit code 2, no stack trace. */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
