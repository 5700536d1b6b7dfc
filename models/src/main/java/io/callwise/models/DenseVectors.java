package io.callwise.models;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Stores the assembled feature vector densely. XGBoost reads the absent slots of a sparse vector as
 * missing values, not zeros, and the assembler writes a row sparsely when most of its values are 0:
 * the same value would then take a tree's missing-value branch in one row and its split in another.
 */
final class DenseVectors extends Transformer {
  private static final long serialVersionUID = 1L;

  private final String uid;

  DenseVectors() {
    this(Identifiable.randomUID("dense_vectors"));
  }

  private DenseVectors(String uid) {
    this.uid = uid;
  }

  @Override
  public String uid() {
    return uid;
  }

  static Dataset<Row> of(Dataset<?> rows) {
    return rows.withColumn(
        DelinquencyModel.VECTOR,
        array_to_vector(vector_to_array(col(DelinquencyModel.VECTOR), "float64")));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return of(dataset);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return schema;
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return new DenseVectors(uid);
  }
}
