package dev.frozen.spark;

import dev.frozen.Setting;
import dev.frozen.UsageError;
import dev.frozen.data.DataFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;

/**
 * {@link DataFiles} on a Hadoop file system: {@code hdfs:}, {@code s3a:} (with the user's connector on the class
 * path), {@code file:} through Hadoop, or any scheme Hadoop has a FileSystem for. Statuses seen while listing are
 * kept, so laying out a folder of many files costs one listing call per folder, not one call per file.
 */
public final class HadoopFiles implements DataFiles {
    private final FileSystem fs;
    private final Path root;
    private final Map<String, FileStatus> seen;

    private HadoopFiles(FileSystem fs, Path root, Map<String, FileStatus> seen) {
        this.fs = fs;
        this.root = root;
        this.seen = seen;
    }

    /** The files under {@code uri} (for {@code --data}); a scheme without a Hadoop FileSystem is a usage error. */
    public static HadoopFiles at(String uri) {
        Located at = locate(uri, Setting.key("data"));
        return new HadoopFiles(at.fs(), at.path(), new ConcurrentHashMap<>());
    }

    /** A file system and a qualified path on it. */
    record Located(FileSystem fs, Path path) {}

    /**
     * The file system of {@code uri} and the qualified path (a trailing {@code /} dropped), with the settings of
     * {@link #configuration()}. A scheme without a Hadoop FileSystem is a usage error naming {@code option}.
     */
    static Located locate(String uri, String option) {
        String text = uri.strip();
        while (text.endsWith("/") && !text.endsWith(":/") && !text.endsWith("//")) {
            text = text.substring(0, text.length() - 1); // photos/ and photos are one folder, with one name
        }
        Path path = new Path(URI.create(text));
        FileSystem fs;
        try {
            fs = path.getFileSystem(configuration());
        } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
            throw new UsageError(option + " " + uri + ": no Hadoop file system for the scheme '" + path.toUri().getScheme()
                    + "' on the class path; for s3a: add hadoop-aws and its AWS SDK (spark-submit " + Setting.flag("packages") + "), or copy the data");
        } catch (IOException | RuntimeException e) {
            throw new dev.frozen.DataError("expected a reachable Hadoop file system for " + option + " " + uri + ", found "
                    + dev.frozen.IoErrors.describe(e));
        }
        if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) {
            fs = local.getRawFileSystem(); // no .crc side files next to entries that local readers also open
        }
        return new Located(fs, fs.makeQualified(path));
    }

    /**
     * Hadoop settings as Spark gives them: the defaults and {@code core-site.xml} on the class path, plus every
     * {@code spark.hadoop.*} setting (from the executor's Spark conf, or the driver's system properties).
     */
    static Configuration configuration() {
        Configuration conf = new Configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            for (scala.Tuple2<String, String> e : env.conf().getAllWithPrefix("spark.hadoop.")) {
                conf.set(e._1(), e._2());
            }
        } else {
            for (String key : System.getProperties().stringPropertyNames()) {
                if (key.startsWith("spark.hadoop.")) {
                    conf.set(key.substring("spark.hadoop.".length()), System.getProperty(key));
                }
            }
        }
        return conf;
    }

    private Path path(String name) {
        return name.isEmpty() ? root : new Path(root, name);
    }

    private FileStatus status(String name) throws IOException {
        FileStatus known = seen.get(name);
        if (known != null) {
            return known;
        }
        FileStatus status = fs.getFileStatus(path(name));
        seen.put(name, status);
        return status;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public String rootName() {
        return root.getName();
    }

    @Override
    public String where(String name) {
        return path(name).toString();
    }

    @Override
    public Type type(String name) {
        try {
            FileStatus s = status(name);
            return s.isDirectory() ? Type.FOLDER : s.isFile() ? Type.FILE : Type.OTHER;
        } catch (FileNotFoundException e) {
            return Type.NONE;
        } catch (IOException e) {
            throw new dev.frozen.DataError("expected a readable path at " + where(name) + ", found "
                    + dev.frozen.IoErrors.describe(e));
        }
    }

    @Override
    public List<String> list(String name) throws IOException {
        List<String> names = new ArrayList<>();
        for (FileStatus s : fs.listStatus(path(name))) {
            String child = s.getPath().getName();
            names.add(child);
            seen.put(DataFiles.join(name, child), s);
        }
        return names;
    }

    @Override
    public long size(String name) throws IOException {
        return status(name).getLen();
    }

    @Override
    public InputStream open(String name) throws IOException {
        return fs.open(path(name));
    }

    @Override
    public void readFully(String name, long position, byte[] into) throws IOException {
        try (FSDataInputStream in = fs.open(path(name))) {
            in.readFully(position, into);
        }
    }

    @Override
    public String stamp(String name) throws IOException {
        if ("file".equals(fs.getUri().getScheme())) {
            // The local route's stamp (with ctime and inode), so both routes trust a remembered hash on the same
            // terms: a rewrite that restores size and mtime still changes the ctime, on either route.
            return dev.frozen.data.ContentHashes.stamp(java.nio.file.Path.of(path(name).toUri()));
        }
        // Other file systems offer size and modification time only; HDFS and object stores set the latter on
        // every write and offer no way to restore it other than setTimes, which --rehash covers.
        FileStatus s = status(name);
        return where(name) + "\t" + s.getLen() + "\t" + s.getModificationTime();
    }

    @Override
    public DataFiles child(String name) {
        Map<String, FileStatus> below = new ConcurrentHashMap<>();
        String prefix = name + "/";
        seen.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                below.put(k.substring(prefix.length()), v);
            }
        });
        return new HadoopFiles(fs, path(name), below);
    }
}
