package dev.frozen.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/** {@link DataFiles} on the local file system, rooted at an absolute, normalized folder. */
public record LocalFiles(Path root) implements DataFiles {
    public LocalFiles {
        root = root.toAbsolutePath().normalize();
    }

    public Path path(String name) {
        return name.isEmpty() ? root : root.resolve(name);
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public String rootName() {
        return root.getFileName() == null ? "" : root.getFileName().toString();
    }

    @Override
    public String where(String name) {
        return path(name).toString();
    }

    @Override
    public Type type(String name) {
        // One stat per name: image folders ask this of every file while listing.
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path(name), BasicFileAttributes.class);
        } catch (IOException e) {
            return Type.NONE; // absent or unreadable, as Files.exists reports it
        }
        return a.isDirectory() ? Type.FOLDER : a.isRegularFile() ? Type.FILE : Type.OTHER;
    }

    @Override
    public List<String> list(String name) throws IOException {
        try (Stream<Path> children = Files.list(path(name))) {
            return children.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Override
    public long size(String name) throws IOException {
        return Files.size(path(name));
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(path(name));
    }

    @Override
    public void readFully(String name, long position, byte[] into) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(into);
        try (FileChannel ch = FileChannel.open(path(name), StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                if (ch.read(buf, position + buf.position()) < 0) {
                    throw new EOFException("the file ends at byte " + (position + buf.position()));
                }
            }
        }
    }

    @Override
    public byte[] readAll(String name) throws IOException {
        return Files.readAllBytes(path(name));
    }

    @Override
    public String stamp(String name) throws IOException {
        return ContentHashes.stamp(path(name));
    }

    @Override
    public DataFiles child(String name) {
        return new LocalFiles(path(name));
    }
}
