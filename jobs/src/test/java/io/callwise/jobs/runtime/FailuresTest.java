package io.callwise.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  static final String FILE =
      "s3a://bucket/lake/bronze/transactions/batch_id=b1/part-00001-1f2e.c000.snappy.parquet";

  @Test
  void aMissingDataFileNamesItsTableTheFileAndTheFix() {
    RuntimeException onTheDriver =
        new RuntimeException(
            "Job aborted due to stage failure: Task 0 in stage 3.0 failed 4 times",
            new IllegalStateException(
                "[FAILED_READ_FILE.FILE_NOT_EXIST] Error while reading file " + FILE + ".",
                new FileNotFoundException("No such file or directory: " + FILE)));
    String line = Failures.describe(onTheDriver);
    assertThat(line)
        .startsWith(
            "a data file of the Delta table s3a://bucket/lake/bronze/transactions is missing from"
                + " storage: "
                + FILE
                + ".")
        .contains("RESTORE TABLE delta.`s3a://bucket/lake/bronze/transactions`")
        .contains("Fix: restore the object");
  }

  @Test
  void theTableOfAFileIsItsFolderWithoutPartitionFolders() {
    assertThat(Failures.tableOf(FILE)).isEqualTo("s3a://bucket/lake/bronze/transactions");
    assertThat(Failures.tableOf("/data/lake/features/account_features/part-0.parquet"))
        .isEqualTo("/data/lake/features/account_features");
    assertThat(Failures.dataFileIn("File " + FILE + ". It is possible...")).isEqualTo(FILE);
    assertThat(Failures.dataFileIn("nothing here")).isNull();
  }

  @Test
  void aTruncatedFileIsNamedWithWhatIsWrongWithIt() {
    String gz = "file:///data/landing/b2/transactions/part-00000.csv.gz";
    RuntimeException e =
        new RuntimeException(
            "[FAILED_READ_FILE.NO_HINT] Encountered error while reading file " + gz + ".  SQLSTATE",
            new IllegalStateException(
                "Error reading from input",
                new java.io.EOFException("Unexpected end of input stream")));
    assertThat(Failures.describe(e))
        .startsWith("the file " + gz + " could not be read: it ends before its data does")
        .contains("deliver a complete copy");
    RuntimeException notGzip =
        new RuntimeException(
            "Encountered error while reading file " + gz,
            new java.util.zip.ZipException("Not in GZIP format"));
    assertThat(Failures.describe(notGzip)).contains("is not valid gzip (Not in GZIP format)");
  }

  @Test
  void aFullLocalDiskIsOneLineWithTheSettingToChange() {
    RuntimeException e =
        new RuntimeException("Job aborted", new IOException("No space left on device"));
    assertThat(Failures.describe(e)).contains("is full").contains("spark.local.dir");
  }

  @Test
  void otherFailuresAreNotRecognised() {
    assertThat(Failures.describe(new IllegalStateException("bug"))).isNull();
    assertThat(Failures.describe(new FileNotFoundException("no path in this message"))).isNull();
    assertThat(Failures.describe(new RuntimeException(new ConnectException("refused"))))
        .startsWith("storage could not be reached");
  }
}
