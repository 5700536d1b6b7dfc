package io.callwise.models;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.tree.CategoricalSplit;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;

/**
 * A tree ensemble as flat arrays, small enough to broadcast: for every node its split feature,
 * threshold or left categories, children, leaf value and cover (the training weight that reached
 * it). The margin of a row is {@code sum(weight[t] * tree[t](x))}.
 */
public final class TreeEnsemble implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One regression tree; node 0 is the root, {@code left[n] < 0} marks a leaf. */
  public record Tree(
      int[] feature,
      double[] threshold,
      double[][] leftCategories,
      int[] left,
      int[] right,
      double[] value,
      double[] cover)
      implements Serializable {

    public boolean isLeaf(int node) {
      return left[node] < 0;
    }

    /** Whether {@code x} goes to the left child at internal {@code node}. */
    public boolean goesLeft(int node, double[] x) {
      double v = x[feature[node]];
      double[] cats = leftCategories[node];
      if (cats == null) {
        return v <= threshold[node];
      }
      for (double c : cats) {
        if (c == v) {
          return true;
        }
      }
      return false;
    }

    public double predict(double[] x) {
      int n = 0;
      while (!isLeaf(n)) {
        n = goesLeft(n, x) ? left[n] : right[n];
      }
      return value[n];
    }

    /** The cover-weighted mean of the leaves: the tree's output when nothing is known. */
    public double expectedValue() {
      return expected(0);
    }

    private double expected(int n) {
      if (isLeaf(n)) {
        return value[n];
      }
      return (cover[left[n]] * expected(left[n]) + cover[right[n]] * expected(right[n])) / cover[n];
    }

    public int size() {
      return value.length;
    }
  }

  private final Tree[] trees;
  private final double[] weights;
  private final int numFeatures;

  public TreeEnsemble(Tree[] trees, double[] weights, int numFeatures) {
    if (trees.length != weights.length) {
      throw new IllegalArgumentException("one weight per tree");
    }
    this.trees = trees.clone();
    this.weights = weights.clone();
    this.numFeatures = numFeatures;
  }

  /** The trees of an MLlib GBT classifier, whose margin is half the log-odds. */
  public static TreeEnsemble of(GBTClassificationModel model) {
    DecisionTreeRegressionModel[] ts = model.trees();
    Tree[] out = new Tree[ts.length];
    for (int i = 0; i < ts.length; i++) {
      out[i] = flatten(ts[i].rootNode());
    }
    return new TreeEnsemble(out, model.treeWeights(), model.numFeatures());
  }

  static Tree flatten(Node root) {
    List<Node> nodes = new ArrayList<>();
    List<int[]> children = new ArrayList<>();
    collect(root, nodes, children);
    int n = nodes.size();
    int[] feature = new int[n];
    double[] threshold = new double[n];
    double[][] cats = new double[n][];
    int[] left = new int[n];
    int[] right = new int[n];
    double[] value = new double[n];
    double[] cover = new double[n];
    for (int i = 0; i < n; i++) {
      Node node = nodes.get(i);
      value[i] = node.prediction();
      // Scala's package-private accessor is public in bytecode: the weighted training count.
      cover[i] = node.impurityStats().count();
      left[i] = children.get(i)[0];
      right[i] = children.get(i)[1];
      feature[i] = -1;
      if (node instanceof InternalNode in) {
        Split split = in.split();
        feature[i] = split.featureIndex();
        if (split instanceof ContinuousSplit cs) {
          threshold[i] = cs.threshold();
        } else {
          cats[i] = ((CategoricalSplit) split).leftCategories();
          Arrays.sort(cats[i]);
        }
      }
    }
    return new Tree(feature, threshold, cats, left, right, value, cover);
  }

  private static int collect(Node node, List<Node> nodes, List<int[]> children) {
    int id = nodes.size();
    nodes.add(node);
    int[] c = {-1, -1};
    children.add(c);
    if (node instanceof InternalNode in) {
      c[0] = collect(in.leftChild(), nodes, children);
      c[1] = collect(in.rightChild(), nodes, children);
    } else if (!(node instanceof LeafNode)) {
      throw new IllegalStateException("unknown node " + node.getClass());
    }
    return id;
  }

  public int numFeatures() {
    return numFeatures;
  }

  public int numTrees() {
    return trees.length;
  }

  public Tree tree(int i) {
    return trees[i];
  }

  public double weight(int i) {
    return weights[i];
  }

  public double margin(double[] x) {
    double m = 0;
    for (int t = 0; t < trees.length; t++) {
      m += weights[t] * trees[t].predict(x);
    }
    return m;
  }

  public double expectedMargin() {
    double m = 0;
    for (int t = 0; t < trees.length; t++) {
      m += weights[t] * trees[t].expectedValue();
    }
    return m;
  }

  /** Exact Shapley values of the margin for {@code x}: they sum to margin(x) - expectedMargin(). */
  public double[] shap(double[] x) {
    double[] phi = new double[numFeatures];
    for (int t = 0; t < trees.length; t++) {
      TreeShap.accumulate(trees[t], x, weights[t], phi);
    }
    return phi;
  }
}
