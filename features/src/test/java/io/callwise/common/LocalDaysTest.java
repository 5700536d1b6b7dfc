package io.callwise.common;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.testing.SparkTestSession;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LocalDaysTest {

  /**
   * Zones with daylight saving (north and south, a 30-minute shift), odd offsets and the date line.
   */
  private static final List<String> ZONES =
      List.of(
          "America/New_York",
          "Europe/London",
          "Australia/Lord_Howe",
          "Asia/Kathmandu",
          "Pacific/Kiritimati",
          "Pacific/Pago_Pago",
          "Asia/Jakarta",
          "UTC");

  @Test
  void theBookZonesGiveTheSameLocalDayAsTheZoneColumnAndAsJavaTime() {
    SparkSession spark = SparkTestSession.get();
    // Every 37 minutes through 2025 (both DST changes of every zone above), in each zone.
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    List<Row> rows = new ArrayList<>();
    List<LocalDate> expected = new ArrayList<>();
    for (long m = 0; m < 366L * 24 * 60; m += 37) {
      Instant at = start.plusSeconds(m * 60);
      for (String z : ZONES) {
        rows.add(RowFactory.create(rows.size(), Timestamp.from(at), z));
        expected.add(at.atZone(ZoneId.of(z)).toLocalDate());
      }
    }
    StructType schema =
        new StructType()
            .add("i", DataTypes.IntegerType)
            .add("at", DataTypes.TimestampType)
            .add(LocalDays.ZONE, DataTypes.StringType);
    Dataset<Row> events = spark.createDataFrame(rows, schema);
    Column at = col("at");
    Column zone = col(LocalDays.ZONE);
    List<String> tooMany =
        IntStream.rangeClosed(-12, 12).mapToObj(h -> String.format("Etc/GMT%+d", h)).toList();
    Column allLiteral = LocalDays.of(at, zone, ZONES);
    assertThat(allLiteral.toString()).contains("CASE WHEN");
    assertThat(LocalDays.of(at, zone, tooMany).toString()).doesNotContain("CASE WHEN");

    List<Row> out =
        events
            .select(
                col("i"),
                LocalDays.of(at, zone).as("by_column"),
                allLiteral.as("all_literal"),
                // Half the zones listed, one name that is no zone: the others take the column path.
                LocalDays.of(at, zone, List.of("Europe/London", "Asia/Kathmandu", "Mars/Olympus"))
                    .as("some_literal"),
                LocalDays.of(at, zone, List.of()).as("none_listed"))
            .orderBy("i")
            .collectAsList();

    assertThat(out).hasSize(expected.size());
    for (Row r : out) {
      LocalDate want = expected.get(r.getInt(0));
      for (int c = 1; c <= 4; c++) {
        assertThat(r.getDate(c).toLocalDate())
            .as("row %d column %d", r.getInt(0), c)
            .isEqualTo(want);
      }
    }
  }
}
