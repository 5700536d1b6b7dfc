package io.callwise.models;

/**
 * Exact Shapley values of one regression tree's output (path-dependent TreeSHAP, Lundberg, Erion
 * and Lee 2018): the value of a set of known features is the tree's output with the other features
 * integrated out along the training cover of each split. Polynomial in the depth: each root-to-leaf
 * path carries, for every distinct feature on it, the share of orderings in which the feature is
 * known ("one" fraction) or not ("zero" fraction, the cover share of the branch taken).
 */
final class TreeShap {

  private TreeShap() {}

  /** Adds {@code scale} times the Shapley values of {@code tree} at {@code x} to {@code phi}. */
  static void accumulate(TreeEnsemble.Tree tree, double[] x, double scale, double[] phi) {
    int capacity = depth(tree, 0) + 2;
    recurse(tree, x, scale, phi, 0, new Path(capacity), 1, 1, -1);
  }

  private static int depth(TreeEnsemble.Tree tree, int node) {
    if (tree.isLeaf(node)) {
      return 0;
    }
    return 1 + Math.max(depth(tree, tree.left()[node]), depth(tree, tree.right()[node]));
  }

  /** The features met so far with their zero and one fractions and the ordering weights. */
  private static final class Path {
    final int[] feature;
    final double[] zero;
    final double[] one;
    final double[] weight;
    int length;

    Path(int capacity) {
      feature = new int[capacity];
      zero = new double[capacity];
      one = new double[capacity];
      weight = new double[capacity];
    }

    Path copy() {
      Path p = new Path(feature.length);
      System.arraycopy(feature, 0, p.feature, 0, length);
      System.arraycopy(zero, 0, p.zero, 0, length);
      System.arraycopy(one, 0, p.one, 0, length);
      System.arraycopy(weight, 0, p.weight, 0, length);
      p.length = length;
      return p;
    }

    /** Appends a feature and updates the weights of all subset sizes. */
    void extend(double zeroFraction, double oneFraction, int f) {
      int l = length;
      feature[l] = f;
      zero[l] = zeroFraction;
      one[l] = oneFraction;
      weight[l] = l == 0 ? 1 : 0;
      length++;
      for (int i = l - 1; i >= 0; i--) {
        weight[i + 1] += oneFraction * weight[i] * (i + 1) / (l + 1);
        weight[i] = zeroFraction * weight[i] * (l - i) / (l + 1);
      }
    }

    /** Removes element {@code i}, undoing its {@link #extend}. */
    void unwind(int i) {
      int l = length - 1;
      double o = one[i];
      double z = zero[i];
      double next = weight[l];
      for (int j = l - 1; j >= 0; j--) {
        if (o != 0) {
          double kept = weight[j];
          weight[j] = next * (l + 1) / ((j + 1) * o);
          next = kept - weight[j] * z * (l - j) / (l + 1);
        } else {
          weight[j] = weight[j] * (l + 1) / (z * (l - j));
        }
      }
      for (int j = i; j < l; j++) {
        feature[j] = feature[j + 1];
        zero[j] = zero[j + 1];
        one[j] = one[j + 1];
      }
      length--;
    }

    /** The total weight {@link #unwind}(i) would leave, without changing the path. */
    double unwoundSum(int i) {
      int l = length - 1;
      double o = one[i];
      double z = zero[i];
      double next = weight[l];
      double total = 0;
      for (int j = l - 1; j >= 0; j--) {
        if (o != 0) {
          double w = next * (l + 1) / ((j + 1) * o);
          total += w;
          next = weight[j] - w * z * (l - j) / (l + 1);
        } else {
          total += weight[j] * (l + 1) / (z * (l - j));
        }
      }
      return total;
    }
  }

  private static void recurse(
      TreeEnsemble.Tree tree,
      double[] x,
      double scale,
      double[] phi,
      int node,
      Path parent,
      double zeroFraction,
      double oneFraction,
      int feature) {
    Path path = parent.copy();
    path.extend(zeroFraction, oneFraction, feature);
    if (tree.isLeaf(node)) {
      double v = tree.value()[node];
      for (int i = 1; i < path.length; i++) {
        phi[path.feature[i]] += scale * path.unwoundSum(i) * (path.one[i] - path.zero[i]) * v;
      }
      return;
    }
    int f = tree.feature()[node];
    boolean left = tree.goesLeft(node, x);
    int hot = left ? tree.left()[node] : tree.right()[node];
    int cold = left ? tree.right()[node] : tree.left()[node];
    double incomingZero = 1;
    double incomingOne = 1;
    for (int k = 1; k < path.length; k++) {
      if (path.feature[k] == f) {
        incomingZero = path.zero[k];
        incomingOne = path.one[k];
        path.unwind(k);
        break;
      }
    }
    double cover = tree.cover()[node];
    recurse(
        tree, x, scale, phi, hot, path, incomingZero * tree.cover()[hot] / cover, incomingOne, f);
    recurse(tree, x, scale, phi, cold, path, incomingZero * tree.cover()[cold] / cover, 0, f);
  }
}
