package io.quire.wal.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the file channel of a segment. The seam through which tests inject channels whose write or
 * force fails, since those failures cannot be provoked on a healthy disk.
 */
@FunctionalInterface
interface ChannelFactory {

    ChannelFactory DEFAULT = FileChannel::open;

    FileChannel open(Path file, OpenOption... options) throws IOException;
}
