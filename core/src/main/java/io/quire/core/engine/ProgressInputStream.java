package io.quire.core.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A stream whose bytes read advance a job of {@link LongWork}: a snapshot being sent or installed. */
final class ProgressInputStream extends FilterInputStream {

    private final LongWork.Job job;
    private long read;

    ProgressInputStream(InputStream in, LongWork.Job job) {
        super(in);
        this.job = job;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            job.advanceTo(++read);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            read += n;
            job.advanceTo(read);
        }
        return n;
    }

    /** Closing the stream ends the job: a snapshot sent is done once the transport closes it. */
    @Override
    public void close() throws IOException {
        job.close();
        super.close();
    }
}
