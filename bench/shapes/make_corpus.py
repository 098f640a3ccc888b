#!/usr/bin/env python3
"""Writes corpus.txt and corpus_sample.txt (the layer corpus of bench/shapes) from the network
definitions below, so that the geometry of every layer is derived from its network's real input
size and the layers before it rather than typed by hand.

    python3 bench/shapes/make_corpus.py           # rewrites bench/shapes/corpus.txt and corpus_sample.txt
    python3 bench/shapes/make_corpus.py --check   # exit 1 if they differ from what it would write (ctest)

Edit this script, not the .txt files (their header says so). The rules it applies:
  * one entry per distinct geometry in a network (the first module with it names it);
  * batch sizes: 1 (inference) and the network's training batch N; about a third of the layers get
    both, the rest alternate between the network's usual batch and the other one;
  * forward cost at most MAX_GFLOP (2*N*Ho*Wo*Cout*KH*KW*Cin/groups): a batch-N entry halves N
    down to 8 to fit and is dropped if even 8 does not fit; a layer that does not fit at batch 1
    is left out (listed in the network's comment);
  * pool inputs at most MAX_POOL_ELEMS elements per batch-N entry, by the same halving.
"""

import textwrap
import os
import sys

MAX_GFLOP = 15.0
MAX_POOL_ELEMS = 32 * 1024 * 1024
HERE = os.path.dirname(os.path.abspath(__file__))


def out_size(size, k, s, before, after, ceil=False):
    span = size + before + after - k
    if span < 0:
        raise ValueError("kernel larger than padded input")
    o = (-(-span // s) if ceil else span // s) + 1
    if ceil and (o - 1) * s >= size + before:  # PyTorch: the last window must start inside
        o -= 1
    return o


def same_pads(size, k, s):
    o = -(-size // s)
    total = max((o - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


class Net:
    def __init__(self, key, title, source, train_n, lean="train", notes=()):
        self.key, self.title, self.source = key, title, source
        self.train_n, self.lean, self.notes = train_n, lean, list(notes)
        self.convs, self.pools = [], []  # (position, geometry dict)
        self.seen = set()
        self.dropped = []
        self.verbatim = None  # seeds: lines copied as they are

    def conv(self, pos, h, w, c, k, kernel, stride=1, pad=0, groups=1, bias=True):
        """Adds a convolution; returns its output (h, w, k). pad: int, (ph, pw), 'same' or (t,b,l,r)."""
        kh, kw = pair(kernel)
        sh, sw = pair(stride)
        if pad == "same":
            t, b = same_pads(h, kh, sh)
            l, r = same_pads(w, kw, sw)
            pad_text = "same"
        elif isinstance(pad, int) or len(pad) == 2:
            ph, pw = pair(pad)
            t, b, l, r = ph, ph, pw, pw
            pad_text = str(ph) if ph == pw else f"{ph}x{pw}"
        else:
            t, b, l, r = pad
            pad_text = ",".join(map(str, pad))
        ho, wo = out_size(h, kh, sh, t, b), out_size(w, kw, sw, l, r)
        geo = dict(h=h, w=w, c=c, k=k, kernel=f"{kh}x{kw}", stride=f"{sh}x{sw}" if sh != sw else str(sh),
                   pad=pad_text, groups=groups, bias=bias)
        key = ("conv", h, w, c, k, kh, kw, sh, sw, t, b, l, r, groups, bias)
        flop = 2.0 * ho * wo * k * kh * kw * (c // groups)
        if key not in self.seen:
            self.seen.add(key)
            self.convs.append((pos, geo, flop))
        return ho, wo, k

    def pool(self, pos, h, w, c, mode, kernel, stride=None, pad=0, ceil=False, include_pad=False):
        kh, kw = pair(kernel)
        sh, sw = pair(stride if stride is not None else kernel)
        if pad == "same":
            t, b = same_pads(h, kh, sh)
            l, r = same_pads(w, kw, sw)
            pad_text = "same"
        else:
            ph, pw = pair(pad)
            t, b, l, r = ph, ph, pw, pw
            pad_text = str(ph) if ph == pw else f"{ph}x{pw}"
        ho, wo = out_size(h, kh, sh, t, b, ceil), out_size(w, kw, sw, l, r, ceil)
        geo = dict(h=h, w=w, c=c, mode=mode, kernel=f"{kh}x{kw}", stride=f"{sh}x{sw}" if sh != sw else str(sh),
                   pad=pad_text, ceil=ceil, include_pad=include_pad)
        key = ("pool", h, w, c, mode, kh, kw, sh, sw, t, b, l, r, ceil, include_pad)
        if key not in self.seen:
            self.seen.add(key)
            self.pools.append((pos, geo, float(h * w * c)))
        return ho, wo, c

    # Batch assignment: index i of a network's distinct layers -> which batch sizes it gets.
    def batches(self, i, per_image, cap):
        primary, secondary = (self.train_n, 1) if self.lean == "train" else (1, self.train_n)
        choice = [(1, self.train_n), (primary,), (secondary,)][i % 3]
        out = []
        for n in choice:
            if n > 1:
                while n > 8 and n * per_image > cap:
                    n //= 2
                if n * per_image > cap:
                    continue
            elif per_image > cap:
                continue
            out.append(n)
        if not out and per_image <= cap:
            out = [1]
        return sorted(set(out))


def conv_line(name, n, g):
    parts = [f"conv name={name}", f"n={n}", f"h={g['h']}", f"w={g['w']}", f"c={g['c']}", f"k={g['k']}",
             f"kernel={g['kernel']}", f"stride={g['stride']}", f"pad={g['pad']}"]
    if g["groups"] != 1:
        parts.append(f"groups={g['groups']}")
    if not g["bias"]:
        parts.append("bias=0")
    return " ".join(parts)


def pool_line(name, n, g):
    parts = [f"pool name={name}", f"n={n}", f"h={g['h']}", f"w={g['w']}", f"c={g['c']}", f"mode={g['mode']}",
             f"kernel={g['kernel']}", f"stride={g['stride']}", f"pad={g['pad']}"]
    if g["ceil"]:
        parts.append("ceil=1")
    if g["include_pad"]:
        parts.append("include_pad=1")
    return " ".join(parts)


# ----------------------------------------------------------------------------------------------
# The networks.


def resnet(depth):
    key = f"resnet{depth}"
    net = Net(key, f"ResNet-{depth}",
              f"torchvision.models.resnet{depth} (He et al. 2015, Table 1"
              + ("" if depth == 18 else "; torchvision's v1.5 strides a bottleneck in its 3x3 conv")
              + "), 224x224 RGB, convs without bias (batch norm follows)",
              train_n=32 if depth == 18 else 16, lean="train")
    net.conv("conv1", 224, 224, 3, 64, 7, 2, 3, bias=False)
    h, w, c = net.pool("maxpool", 112, 112, 64, "max", 3, 2, 1)
    widths = [64, 128, 256, 512]
    blocks = [2, 2, 2, 2] if depth == 18 else [3, 4, 6, 3]
    for li, (width, count) in enumerate(zip(widths, blocks), start=1):
        for b in range(count):
            stride = 2 if li > 1 and b == 0 else 1
            p = f"layer{li}.{b}"
            if depth == 18:
                ho, wo, _ = net.conv(f"{p}.conv1", h, w, c, width, 3, stride, 1, bias=False)
                net.conv(f"{p}.conv2", ho, wo, width, width, 3, 1, 1, bias=False)
                out = width
            else:
                net.conv(f"{p}.conv1", h, w, c, width, 1, 1, 0, bias=False)
                ho, wo, _ = net.conv(f"{p}.conv2", h, w, width, width, 3, stride, 1, bias=False)
                out = width * 4
                net.conv(f"{p}.conv3", ho, wo, width, out, 1, 1, 0, bias=False)
            if b == 0 and (stride != 1 or c != out):
                net.conv(f"{p}.downsample.0", h, w, c, out, 1, stride, 0, bias=False)
            h, w, c = ho, wo, out
    net.pool("avgpool", h, w, c, "avg", (h, w))
    return net


def vgg16():
    net = Net("vgg16", "VGG-16", "torchvision.models.vgg16 (Simonyan & Zisserman 2014, Table 1 column D), "
              "224x224 RGB, 3x3 convs pad 1 with bias, 2x2/2 max pools", train_n=8, lean="infer")
    cfg = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
    h, c, i = 224, 3, 0
    for v in cfg:
        if v == "M":
            h, _, c = net.pool(f"features.{i}", h, h, c, "max", 2, 2)
            i += 1
        else:
            h, _, c = net.conv(f"features.{i}", h, h, c, v, 3, 1, 1)
            i += 2  # conv, relu
    return net


def alexnet_caffe():
    net = Net("alexnet", "AlexNet (original, two groups)",
              "Krizhevsky et al. 2012 as Caffe's bvlc_alexnet deploy.prototxt: 227x227 RGB, conv2/4/5 in two "
              "groups, 3x3/2 overlapping max pools (Caffe rounds pool sizes up: ceil mode)", train_n=16)
    h, _, c = net.conv("conv1", 227, 227, 3, 96, 11, 4, 0)
    h, _, c = net.pool("pool1", h, h, c, "max", 3, 2, ceil=True)
    h, _, c = net.conv("conv2", h, h, c, 256, 5, 1, 2, groups=2)
    h, _, c = net.pool("pool2", h, h, c, "max", 3, 2, ceil=True)
    h, _, c = net.conv("conv3", h, h, c, 384, 3, 1, 1)
    h, _, c = net.conv("conv4", h, h, c, 384, 3, 1, 1, groups=2)
    h, _, c = net.conv("conv5", h, h, c, 256, 3, 1, 1, groups=2)
    net.pool("pool5", h, h, c, "max", 3, 2, ceil=True)
    return net


def alexnet_tv():
    net = Net("alexnet_tv", "AlexNet (torchvision)",
              "torchvision.models.alexnet (the one-GPU variant of Krizhevsky 2014, 'One weird trick'): 224x224 "
              "RGB, conv1 pad 2, 3x3/2 max pools in floor mode", train_n=32, lean="infer")
    h, _, c = net.conv("features.0", 224, 224, 3, 64, 11, 4, 2)
    h, _, c = net.pool("features.2", h, h, c, "max", 3, 2)
    h, _, c = net.conv("features.3", h, h, c, 192, 5, 1, 2)
    h, _, c = net.pool("features.5", h, h, c, "max", 3, 2)
    h, _, c = net.conv("features.6", h, h, c, 384, 3, 1, 1)
    h, _, c = net.conv("features.8", h, h, c, 256, 3, 1, 1)
    h, _, c = net.conv("features.10", h, h, c, 256, 3, 1, 1)
    net.pool("features.12", h, h, c, "max", 3, 2)
    return net


def mobilenet_v1():
    net = Net("mobilenet_v1", "MobileNet v1 (1.0, 224)",
              "TF-Slim mobilenet_v1.py (Howard et al. 2017, Table 1), 224x224 RGB, TF SAME padding (stride 2 "
              "pads only bottom/right), depthwise 3x3 (groups = channels) + pointwise 1x1, no conv bias; "
              "the classifier is a 1x1 conv on the 1x1 pooled map", train_n=32, lean="infer")
    h, _, c = net.conv("Conv2d_0", 224, 224, 3, 32, 3, 2, "same", bias=False)
    spec = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 5 + [(1024, 2), (1024, 1)]
    for i, (out, s) in enumerate(spec, start=1):
        h, _, c = net.conv(f"Conv2d_{i}_depthwise", h, h, c, c, 3, s, "same", groups=c, bias=False)
        h, _, c = net.conv(f"Conv2d_{i}_pointwise", h, h, c, out, 1, 1, "same", bias=False)
    net.pool("AvgPool_1a", h, h, c, "avg", 7)
    net.conv("Conv2d_1c_1x1", 1, 1, c, 1001, 1, 1, "same")
    return net


def mobilenet_v2():
    net = Net("mobilenet_v2", "MobileNet v2 (1.0, 224)",
              "torchvision.models.mobilenet_v2 (Sandler et al. 2018, Table 2), 224x224 RGB, symmetric padding "
              "(kernel-1)/2, inverted residuals: expand 1x1, depthwise 3x3, project 1x1, no conv bias",
              train_n=32, lean="infer")
    h, _, c = net.conv("features.0", 224, 224, 3, 32, 3, 2, 1, bias=False)
    idx = 1
    for t, out, n, s in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
                         (6, 160, 3, 2), (6, 320, 1, 1)]:
        for b in range(n):
            stride = s if b == 0 else 1
            hidden = c * t
            p = f"features.{idx}.conv"
            j = 0
            if t != 1:
                net.conv(f"{p}.{j}", h, h, c, hidden, 1, 1, 0, bias=False)
                j += 1
            ho, _, _ = net.conv(f"{p}.{j}", h, h, hidden, hidden, 3, stride, 1, groups=hidden, bias=False)
            net.conv(f"{p}.{j + 1}", ho, ho, hidden, out, 1, 1, 0, bias=False)
            h, c = ho, out
            idx += 1
    h, _, c = net.conv(f"features.{idx}", h, h, c, 1280, 1, 1, 0, bias=False)
    net.pool("avgpool", h, h, c, "avg", h)
    return net


def inception_v3():
    net = Net("inception_v3", "Inception v3",
              "torchvision.models.inception_v3 (Szegedy et al. 2015, Figures 5-7), 299x299 RGB, BasicConv2d "
              "without bias; stem and grid reductions unpadded; branch pools avg 3x3/1 pad 1 with "
              "count_include_pad (F.avg_pool2d's default)", train_n=16, lean="train")

    def c_(pos, h, cin, cout, k, s=1, p=0):
        return net.conv(pos, h, h, cin, cout, k, s, p, bias=False)

    h, _, c = c_("Conv2d_1a_3x3", 299, 3, 32, 3, 2)
    h, _, c = c_("Conv2d_2a_3x3", h, c, 32, 3)
    h, _, c = c_("Conv2d_2b_3x3", h, c, 64, 3, 1, 1)
    h, _, c = net.pool("maxpool1", h, h, c, "max", 3, 2)
    h, _, c = c_("Conv2d_3b_1x1", h, c, 80, 1)
    h, _, c = c_("Conv2d_4a_3x3", h, c, 192, 3)
    h, _, c = net.pool("maxpool2", h, h, c, "max", 3, 2)

    def inception_a(m, cin, pool_features):
        c_(f"{m}.branch1x1", h, cin, 64, 1)
        c_(f"{m}.branch5x5_1", h, cin, 48, 1)
        c_(f"{m}.branch5x5_2", h, 48, 64, 5, 1, 2)
        c_(f"{m}.branch3x3dbl_1", h, cin, 64, 1)
        c_(f"{m}.branch3x3dbl_2", h, 64, 96, 3, 1, 1)
        c_(f"{m}.branch3x3dbl_3", h, 96, 96, 3, 1, 1)
        net.pool(f"{m}.branch_pool.avg_pool", h, h, cin, "avg", 3, 1, 1, include_pad=True)
        c_(f"{m}.branch_pool", h, cin, pool_features, 1)
        return 64 + 64 + 96 + pool_features

    c = inception_a("Mixed_5b", c, 32)
    c = inception_a("Mixed_5c", c, 64)
    c = inception_a("Mixed_5d", c, 64)
    # Mixed_6a (InceptionB): 35 -> 17.
    c_("Mixed_6a.branch3x3", h, c, 384, 3, 2)
    c_("Mixed_6a.branch3x3dbl_1", h, c, 64, 1)
    c_("Mixed_6a.branch3x3dbl_2", h, 64, 96, 3, 1, 1)
    c_("Mixed_6a.branch3x3dbl_3", h, 96, 96, 3, 2)
    h, _, _ = net.pool("Mixed_6a.max_pool", h, h, c, "max", 3, 2)
    c = 384 + 96 + c

    def inception_c(m, c7):
        c_(f"{m}.branch1x1", h, c, 192, 1)
        c_(f"{m}.branch7x7_1", h, c, c7, 1)
        net.conv(f"{m}.branch7x7_2", h, h, c7, c7, (1, 7), 1, (0, 3), bias=False)
        net.conv(f"{m}.branch7x7_3", h, h, c7, 192, (7, 1), 1, (3, 0), bias=False)
        c_(f"{m}.branch7x7dbl_1", h, c, c7, 1)
        net.conv(f"{m}.branch7x7dbl_2", h, h, c7, c7, (7, 1), 1, (3, 0), bias=False)
        net.conv(f"{m}.branch7x7dbl_3", h, h, c7, c7, (1, 7), 1, (0, 3), bias=False)
        net.conv(f"{m}.branch7x7dbl_4", h, h, c7, c7, (7, 1), 1, (3, 0), bias=False)
        net.conv(f"{m}.branch7x7dbl_5", h, h, c7, 192, (1, 7), 1, (0, 3), bias=False)
        net.pool(f"{m}.branch_pool.avg_pool", h, h, c, "avg", 3, 1, 1, include_pad=True)
        c_(f"{m}.branch_pool", h, c, 192, 1)

    for m, c7 in [("Mixed_6b", 128), ("Mixed_6c", 160), ("Mixed_6d", 160), ("Mixed_6e", 192)]:
        inception_c(m, c7)
    # Mixed_7a (InceptionD): 17 -> 8.
    c_("Mixed_7a.branch3x3_1", h, c, 192, 1)
    c_("Mixed_7a.branch3x3_2", h, 192, 320, 3, 2)
    c_("Mixed_7a.branch7x7x3_1", h, c, 192, 1)
    net.conv("Mixed_7a.branch7x7x3_2", h, h, 192, 192, (1, 7), 1, (0, 3), bias=False)
    net.conv("Mixed_7a.branch7x7x3_3", h, h, 192, 192, (7, 1), 1, (3, 0), bias=False)
    c_("Mixed_7a.branch7x7x3_4", h, 192, 192, 3, 2)
    h, _, _ = net.pool("Mixed_7a.max_pool", h, h, c, "max", 3, 2)
    c = 320 + 192 + c

    def inception_e(m):
        c_(f"{m}.branch1x1", h, c, 320, 1)
        c_(f"{m}.branch3x3_1", h, c, 384, 1)
        net.conv(f"{m}.branch3x3_2a", h, h, 384, 384, (1, 3), 1, (0, 1), bias=False)
        net.conv(f"{m}.branch3x3_2b", h, h, 384, 384, (3, 1), 1, (1, 0), bias=False)
        c_(f"{m}.branch3x3dbl_1", h, c, 448, 1)
        c_(f"{m}.branch3x3dbl_2", h, 448, 384, 3, 1, 1)
        net.conv(f"{m}.branch3x3dbl_3a", h, h, 384, 384, (1, 3), 1, (0, 1), bias=False)
        net.conv(f"{m}.branch3x3dbl_3b", h, h, 384, 384, (3, 1), 1, (1, 0), bias=False)
        net.pool(f"{m}.branch_pool.avg_pool", h, h, c, "avg", 3, 1, 1, include_pad=True)
        c_(f"{m}.branch_pool", h, c, 192, 1)
        return 320 + 768 + 768 + 192

    c = inception_e("Mixed_7b")
    c = inception_e("Mixed_7c")
    net.pool("avgpool", h, h, c, "avg", h)
    return net


def squeezenet(version):
    key = "squeezenet1_1" if version == 11 else "squeezenet1_0"
    net = Net(key, f"SqueezeNet {'1.1' if version == 11 else '1.0'}",
              f"torchvision.models.{key} (Iandola et al. 2016, Table 1{'; v1.1 from the authors repository' if version == 11 else ''}), "
              "224x224 RGB, Fire modules (squeeze 1x1, expand 1x1 and 3x3 pad 1) with bias, "
              "3x3/2 max pools in ceil mode", train_n=64 if version == 11 else 32, lean="infer",
              notes=[] if version == 11 else [
                  "Its Fire modules are v1.1's on other grids: only conv1 (7x7/2, 96) and the pools are kept; "
                  "the 54x54 pool is one where ceil mode changes the output (27, not 26)."])
    if version == 11:
        h, _, c = net.conv("features.0", 224, 224, 3, 64, 3, 2, 0)
        plan = ["M", (16, 64), (16, 64), "M", (32, 128), (32, 128), "M", (48, 192), (48, 192), (64, 256), (64, 256)]
    else:
        h, _, c = net.conv("features.0", 224, 224, 3, 96, 7, 2, 0)
        plan = ["M", (16, 64), (16, 64), (32, 128), "M", (32, 128), (48, 192), (48, 192), (64, 256), "M", (64, 256)]
    idx = 2
    for item in plan:
        if item == "M":
            h, _, c = net.pool(f"features.{idx}", h, h, c, "max", 3, 2, ceil=True)
        elif version == 11:
            sq, ex = item
            net.conv(f"features.{idx}.squeeze", h, h, c, sq, 1)
            net.conv(f"features.{idx}.expand1x1", h, h, sq, ex, 1)
            net.conv(f"features.{idx}.expand3x3", h, h, sq, ex, 3, 1, 1)
            c = 2 * ex
        else:
            c = 2 * item[1]
        idx += 1
    if version == 11:
        net.conv("classifier.1", h, h, c, 1000, 1)
    c = 1000
    net.pool("classifier.3", h, h, c, "avg", h)
    return net


def densenet121():
    net = Net("densenet121", "DenseNet-121",
              "torchvision.models.densenet121 (Huang et al. 2016, Table 1: growth 32, bottleneck 4x32, blocks "
              "6/12/24/16), 224x224 RGB, convs without bias, transitions 1x1 + 2x2/2 avg pool",
              train_n=16, lean="train",
              notes=["Dense layers' 1x1 convs differ only in input channels (64 + 32*i): a subset is kept, layers "
                     "0, 4, 8, ... and the last of each block; the 3x3 conv (128 -> 32) is one geometry per block."])
    h, _, c = net.conv("features.conv0", 224, 224, 3, 64, 7, 2, 3, bias=False)
    h, _, c = net.pool("features.pool0", h, h, c, "max", 3, 2, 1)
    for bi, count in enumerate([6, 12, 24, 16], start=1):
        for i in range(count):
            if i % 4 == 0 or i == count - 1:
                net.conv(f"features.denseblock{bi}.denselayer{i + 1}.conv1", h, h, c + 32 * i, 128, 1, bias=False)
            net.conv(f"features.denseblock{bi}.denselayer{i + 1}.conv2", h, h, 128, 32, 3, 1, 1, bias=False)
        c += 32 * count
        if bi < 4:
            net.conv(f"features.transition{bi}.conv", h, h, c, c // 2, 1, bias=False)
            c //= 2
            h, _, c = net.pool(f"features.transition{bi}.pool", h, h, c, "avg", 2, 2)
    net.pool("avgpool", h, h, c, "avg", h)
    return net


def efficientnet_b0():
    net = Net("efficientnet_b0", "EfficientNet-B0",
              "tensorflow/tpu efficientnet_builder.py (Tan & Le 2019, Table 1), 224x224 RGB, TF SAME padding "
              "(stride 2 pads more at bottom/right), MBConv: expand 1x1, depthwise 3x3 or 5x5, squeeze-excite "
              "(global average pool, 1x1 convs with bias on the 1x1 map, ratio 0.25 of the block input), project "
              "1x1; no bias elsewhere", train_n=32, lean="infer")
    h, _, c = net.conv("stem.conv", 224, 224, 3, 32, 3, 2, "same", bias=False)
    blocks = [(1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3), (6, 5, 1, 112, 3),
              (6, 5, 2, 192, 4), (6, 3, 1, 320, 1)]
    idx = 0
    for t, k, s, out, n in blocks:
        for b in range(n):
            stride = s if b == 0 else 1
            hidden = c * t
            p = f"blocks.{idx}"
            if t != 1:
                net.conv(f"{p}.expand_conv", h, h, c, hidden, 1, 1, "same", bias=False)
            ho, _, _ = net.conv(f"{p}.depthwise_conv", h, h, hidden, hidden, k, stride, "same", groups=hidden,
                                bias=False)
            net.pool(f"{p}.se.avg_pool", ho, ho, hidden, "avg", ho)
            r = max(1, int(c * 0.25))
            net.conv(f"{p}.se.reduce", 1, 1, hidden, r, 1, 1, "same")
            net.conv(f"{p}.se.expand", 1, 1, r, hidden, 1, 1, "same")
            net.conv(f"{p}.project_conv", ho, ho, hidden, out, 1, 1, "same", bias=False)
            h, c = ho, out
            idx += 1
    h, _, c = net.conv("head.conv", h, h, c, 1280, 1, 1, "same", bias=False)
    net.pool("head.avg_pool", h, h, c, "avg", h)
    return net


def unet572():
    net = Net("unet572", "U-Net (original, 572x572)",
              "Ronneberger et al. 2015, Figure 1: a 572x572 one-channel tile, unpadded 3x3 convs with bias, 2x2/2 max "
              "pools; the 2x2 up-convolutions (transposed) are not convolutions here; batch 1 (one tile, as trained)",
              train_n=1, lean="infer")
    h, c, skips = 572, 1, []
    for i, out in enumerate([64, 128, 256, 512]):
        h, _, c = net.conv(f"down{i + 1}.conv1", h, h, c, out, 3)
        h, _, c = net.conv(f"down{i + 1}.conv2", h, h, c, out, 3)
        skips.append(h)
        h, _, c = net.pool(f"down{i + 1}.pool", h, h, c, "max", 2)
    h, _, c = net.conv("bottom.conv1", h, h, c, 1024, 3)
    h, _, c = net.conv("bottom.conv2", h, h, c, 1024, 3)
    for i, out in enumerate([512, 256, 128, 64]):
        h = h * 2  # up-conv 2x2; the cropped skip is concatenated: 2*out channels
        h, _, c = net.conv(f"up{i + 1}.conv1", h, h, 2 * out, out, 3)
        h, _, c = net.conv(f"up{i + 1}.conv2", h, h, c, out, 3)
    net.conv("outc", h, h, c, 2, 1)
    return net


def unet256():
    net = Net("unet256", "U-Net (padded, 256x256)",
              "milesial/Pytorch-UNet unet_model.py (bilinear=False): padded 3x3 convs without bias (batch norm), "
              "2x2/2 max pools, on 256x256 one-channel images (n_channels=1, n_classes=2)",
              train_n=8, lean="infer")
    h, c = 256, 1
    for i, out in enumerate([64, 128, 256, 512, 1024]):
        name = "inc" if i == 0 else f"down{i}"
        if i > 0:
            h, _, c = net.pool(f"{name}.maxpool", h, h, c, "max", 2)
        h, _, c = net.conv(f"{name}.conv1", h, h, c, out, 3, 1, 1, bias=False)
        h, _, c = net.conv(f"{name}.conv2", h, h, c, out, 3, 1, 1, bias=False)
    for i, out in enumerate([512, 256, 128, 64]):
        h *= 2
        h, _, c = net.conv(f"up{i + 1}.conv1", h, h, 2 * out, out, 3, 1, 1, bias=False)
        h, _, c = net.conv(f"up{i + 1}.conv2", h, h, c, out, 3, 1, 1, bias=False)
    net.conv("outc", h, h, c, 2, 1)
    return net


def yolov3_tiny():
    net = Net("yolov3_tiny", "YOLOv3-tiny",
              "darknet cfg/yolov3-tiny.cfg (Redmon & Farhadi 2018), 416x416 RGB, 3x3 convs pad 1 (darknet pad=1: "
              "size/2), batch norm (no bias) except the 1x1 detection convs (255 = 3*(80+5)), 2x2/2 max pools and "
              "one 2x2/1 max pool padded like TF SAME (darknet pads size-1 at the bottom/right)",
              train_n=16, lean="infer")
    h, c = 416, 3
    for i, out in enumerate([16, 32, 64, 128, 256]):
        h, _, c = net.conv(f"conv{i}", h, h, c, out, 3, 1, 1, bias=False)
        h, _, c = net.pool(f"maxpool{i}", h, h, c, "max", 2, 2)
    route8 = (h * 2, 256)
    h, _, c = net.conv("conv5", h, h, c, 512, 3, 1, 1, bias=False)
    h, _, c = net.pool("maxpool5", h, h, c, "max", 2, 1, "same")
    h, _, c = net.conv("conv6", h, h, c, 1024, 3, 1, 1, bias=False)
    h, _, c = net.conv("conv7", h, h, c, 256, 1, 1, 0, bias=False)
    net.conv("conv8", h, h, c, 512, 3, 1, 1, bias=False)
    net.conv("conv9.yolo", h, h, 512, 255, 1, 1, 0)
    net.conv("conv10", h, h, 256, 128, 1, 1, 0, bias=False)
    h2 = route8[0]
    net.conv("conv11", h2, h2, 128 + 256, 256, 3, 1, 1, bias=False)
    net.conv("conv12.yolo", h2, h2, 256, 255, 1, 1, 0)
    return net


def yolov2_tiny():
    net = Net("yolov2_tiny", "YOLOv2-tiny",
              "darknet cfg/yolov2-tiny.cfg (Redmon & Farhadi 2016), 416x416 RGB; its first six convs and its pools "
              "are YOLOv3-tiny's and are listed there; the head: 3x3 1024 -> 512, 1x1 -> 425 = 5*(80+5)",
              train_n=16, lean="infer")
    net.conv("conv7", 13, 13, 1024, 512, 3, 1, 1, bias=False)
    net.conv("conv8.region", 13, 13, 512, 425, 1, 1, 0)
    return net


def lenet5():
    net = Net("lenet5", "LeNet-5",
              "LeCun et al. 1998, Figure 2: 32x32 one-channel input, 5x5 valid convs with bias, 2x2/2 average "
              "subsampling; C5 is a 5x5 conv on the 5x5 map", train_n=64)
    h, _, c = net.conv("C1", 32, 32, 1, 6, 5)
    h, _, c = net.pool("S2", h, h, c, "avg", 2)
    h, _, c = net.conv("C3", h, h, c, 16, 5)
    h, _, c = net.pool("S4", h, h, c, "avg", 2)
    net.conv("C5", h, h, c, 120, 5)
    return net


def mnist_torch():
    net = Net("mnist", "MNIST / Fashion-MNIST ConvNet (PyTorch example)",
              "pytorch/examples mnist/main.py (the same net is the usual Fashion-MNIST baseline): 28x28x1, 3x3 "
              "valid convs 1 -> 32 -> 64 with bias, 2x2 max pool; batch 64 for training, 1 for inference",
              train_n=64)
    h, _, c = net.conv("conv1", 28, 28, 1, 32, 3)
    h, _, c = net.conv("conv2", h, h, c, 64, 3)
    net.pool("max_pool2d", h, h, c, "max", 2)
    return net


def mnist_tf():
    net = Net("mnist_tf", "MNIST ConvNet (TensorFlow tutorial)",
              "TensorFlow 'Deep MNIST for Experts' tutorial: 28x28x1, 5x5 SAME convs 1 -> 32 -> 64 with bias, "
              "2x2/2 max pools SAME", train_n=50)
    h, _, c = net.conv("conv1", 28, 28, 1, 32, 5, 1, "same")
    h, _, c = net.pool("pool1", h, h, c, "max", 2, 2, "same")
    h, _, c = net.conv("conv2", h, h, c, 64, 5, 1, "same")
    net.pool("pool2", h, h, c, "max", 2, 2, "same")
    return net


def seeds():
    """The conv and pool lines of seeds.txt and signs_convnet.txt, renamed seeds.<name>, as they are."""
    net = Net("seeds", "The seeds' layers",
              "bench/shapes/seeds.txt and signs_convnet.txt (the course code's shapes and its SIGNS ConvNet), "
              "copied with their batch sizes and renamed seeds.<name>", train_n=1)
    net.verbatim = []
    for f in ("seeds.txt", "signs_convnet.txt"):
        for line in open(os.path.join(HERE, f)):
            line = line.split("#", 1)[0].strip()
            if not line or line.split()[0] not in ("conv", "pool"):
                continue
            net.verbatim.append(line.replace("name=", "name=seeds.", 1))
    return net


NETWORKS = [resnet(18), resnet(50), vgg16(), alexnet_caffe(), alexnet_tv(), mobilenet_v1(), mobilenet_v2(),
            inception_v3(), squeezenet(11), squeezenet(10), densenet121(), efficientnet_b0(), unet572(),
            unet256(), yolov3_tiny(), yolov2_tiny(), lenet5(), mnist_torch(), mnist_tf(), seeds()]

# corpus_sample: these corpus names, chosen to span the classes (see the sample's header).
SAMPLE = [
    # conv: 3x3, 1x1, strided 3x3 (pad 1) and 1x1, grouped 3x3, 5x5 at batch 1
    "resnet50.layer1.0.conv2.n1", "resnet50.layer1.0.conv3.n1", "resnet18.layer4.0.conv1.n1",
    "resnet50.layer2.0.downsample.0.n1", "alexnet.conv4.n1", "alexnet_tv.features.3.n1",
    # first layers with 1-3 channels (7x7/2, 11x11/4, 5x5 SAME), large spatial with few channels
    "resnet18.conv1.n1", "alexnet.conv1.n1", "unet572.down1.conv1.n1", "lenet5.C1.n64", "mnist_tf.conv1.n50",
    # depthwise 3x3 (stride 1, TF SAME stride 2, torch stride 2) and 5x5 (stride 1, SAME stride 2, both batches)
    "mobilenet_v1.Conv2d_7_depthwise.n1", "mobilenet_v1.Conv2d_6_depthwise.n32", "mobilenet_v2.features.4.conv.1.n1",
    "efficientnet_b0.blocks.4.depthwise_conv.n1", "efficientnet_b0.blocks.3.depthwise_conv.n1",
    "efficientnet_b0.blocks.11.depthwise_conv.n1", "efficientnet_b0.blocks.11.depthwise_conv.n32",
    # pointwise at batch 1 and batch N, squeeze-excite 1x1 on a 1x1 map
    "mobilenet_v2.features.14.conv.2.n1", "mobilenet_v2.features.14.conv.2.n32", "efficientnet_b0.blocks.0.se.reduce.n32",
    # 1x7 / 7x1, strided unpadded 3x3
    "inception_v3.Mixed_6c.branch7x7_2.n1", "inception_v3.Mixed_6b.branch7x7_3.n1", "inception_v3.Mixed_7a.branch3x3_2.n1",
    # the seeds' worst (bwd-data 0.23x) and the edge-detection image
    "seeds.signs_conv1", "seeds.seed_image",
    # pools: overlapping 3x3/2 pad 1, ceil mode (Caffe AlexNet; SqueezeNet 1.0 where ceil changes the size),
    # 2x2/2, 2x2/1 SAME, avg 3x3/1 pad 1 counting the pad, DenseNet transition 2x2 avg, global averages
    # (7x7 and 112x112), LeNet's 2x2 avg, the seeds' 5x5/3 (max and avg)
    "resnet50.maxpool.n1", "alexnet.pool1.n1", "squeezenet1_0.features.6.n1", "vgg16.features.4.n1",
    "yolov3_tiny.maxpool5.n16", "inception_v3.Mixed_5b.branch_pool.avg_pool.n1",
    "densenet121.features.transition2.pool.n1", "resnet50.avgpool.n16", "efficientnet_b0.blocks.0.se.avg_pool.n1",
    "lenet5.S2.n64", "seeds.seed_pool",
]


def emit():
    sample_layers = sum(2 if s == "seeds.seed_pool" else 1 for s in SAMPLE)
    lines = [
        "# The layer corpus: convolution and pooling layers of real networks, with their real batch sizes",
        "# (1 for inference, 8-64 for training), for measuring dispatch and comparing engines on shapes the",
        "# variants were not tuned on. Generated by bench/shapes/make_corpus.py: edit the script, not this",
        "# file. Not in the default suite: select it with `cnnkit-bench --shapes corpus` (or",
        f"# `cnnkit_benchmarks --cnnkit_shapes=corpus`); `--shapes corpus_sample` is a {sample_layers}-layer subset for",
        "# quick runs; `--shapes 'corpus:^resnet50\\.'` picks one network. Timing every variant of every",
        "# direction takes hours (the reference loop nests alone run at ~0.4 GFLOP/s): restrict --variants or",
        "# --ops for routine runs (bench/README.md, Shape files).",
        "#",
        f"# Names: <network>.<module as the source names it>.n<batch>. One entry per distinct geometry in a",
        f"# network. Forward cost per layer <= {MAX_GFLOP:g} GFLOP (2*N*Ho*Wo*Cout*KH*KW*Cin/groups).",
    ]
    table, sample_lines, all_entries = [], {}, {}
    total_gflop, conv_count, pool_count = 0.0, 0, 0
    for net in NETWORKS:
        lines += ["", "# " + "-" * 98]
        for para in [f"{net.title}: {net.source}."] + net.notes:
            lines += ["# " + l for l in textwrap.wrap(para, 98)]
        body = []
        if net.verbatim is not None:
            for l in net.verbatim:
                body.append(l)
            nc = sum(1 for l in net.verbatim if l.startswith("conv"))
            npool = sum(2 if "mode=max,avg" in l else 1 for l in net.verbatim if l.startswith("pool"))
        else:
            nc = npool = 0
            for i, (pos, g, flop) in enumerate(net.convs):
                ns = net.batches(i, flop / 1e9, MAX_GFLOP)
                if not ns:
                    net.dropped.append(f"{pos} ({flop / 1e9:.1f} GFLOP at batch 1)")
                for n in ns:
                    body.append(conv_line(f"{net.key}.{pos}.n{n}", n, g))
                    total_gflop += n * flop / 1e9
                    nc += 1
            for i, (pos, g, elems) in enumerate(net.pools):
                for n in net.batches(i, elems, MAX_POOL_ELEMS):
                    body.append(pool_line(f"{net.key}.{pos}.n{n}", n, g))
                    npool += 1
            if net.dropped:
                lines += ["# " + l for l in textwrap.wrap(f"Left out, over {MAX_GFLOP:g} GFLOP even at batch 1: "
                                                          + ", ".join(net.dropped) + ".", 98)]
        lines += body
        conv_count += nc
        pool_count += npool
        table.append((net.key, nc, npool))
        for l in body:
            name = l.split()[1][len("name="):]
            all_entries[name] = l
    missing = [s for s in SAMPLE if s not in all_entries]
    if missing:
        sys.exit("sample names not in the corpus: " + ", ".join(missing))
    names = [l.split()[1] for l in lines if l and not l.startswith("#")]
    assert len(names) == len(set(names)), "duplicate names"
    outputs = {"corpus.txt": "\n".join(lines) + "\n"}
    sample = [
        "# corpus_sample: a subset of the layer corpus (corpus.txt) spanning its classes, with the same names",
        "# and geometry, cheap enough that timing every variant of every conv direction at one thread takes",
        "# a few minutes. Generated by bench/shapes/make_corpus.py (its SAMPLE list). Not in the default",
        "# suite: `cnnkit-bench --shapes corpus_sample`. Selecting corpus and corpus_sample together",
        "# chooses each layer once.",
        "",
    ] + [all_entries[s] for s in SAMPLE]
    outputs["corpus_sample.txt"] = "\n".join(sample) + "\n"
    summary = [f"{key:16s} conv {nc:4d}  pool {npool:3d}" for key, nc, npool in table]
    summary.append(f"total conv {conv_count}, pool layers {pool_count}, forward GFLOP {total_gflop:.0f}")
    return outputs, summary


def main():
    outputs, summary = emit()
    if "--check" in sys.argv[1:]:
        stale = []
        for name, text in outputs.items():
            path = os.path.join(HERE, name)
            if not os.path.exists(path) or open(path).read() != text:
                stale.append(name)
        if stale:
            sys.exit(f"make_corpus.py --check: {', '.join(stale)} differ from what the script writes: edit the "
                     "script, not the .txt files, and run it")
        print("make_corpus.py --check: corpus.txt and corpus_sample.txt are up to date")
        return
    for name, text in outputs.items():
        with open(os.path.join(HERE, name), "w") as f:
            f.write(text)
    print("\n".join(summary))


if __name__ == "__main__":
    main()
