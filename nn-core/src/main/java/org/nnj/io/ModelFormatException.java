package org.nnj.io;

import java.io.IOException;

/**
 * The one exception {@link ModelFile#load} throws for a file that is not a valid model: too short,
 * truncated or extended, a wrong magic number (another kind of file), an unsupported version, a
 * checksum mismatch (corruption), or content that contradicts itself. No model is returned then.
 */
public final class ModelFormatException extends IOException {
    public ModelFormatException(String message) {
        super(message);
    }
}
