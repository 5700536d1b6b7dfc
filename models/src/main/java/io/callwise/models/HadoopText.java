package io.callwise.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Small text files (model descriptions, reports) on any Hadoop file system. */
public final class HadoopText {

  private HadoopText() {}

  public static void write(SparkSession spark, String uri, String text) throws IOException {
    Path p = new Path(uri);
    FileSystem fs = p.getFileSystem(spark.sessionState().newHadoopConf());
    try (OutputStream out = fs.create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  public static String read(SparkSession spark, String uri) throws IOException {
    Path p = new Path(uri);
    FileSystem fs = p.getFileSystem(spark.sessionState().newHadoopConf());
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
