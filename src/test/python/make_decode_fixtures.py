#!/usr/bin/python3
"""Writes the image-decoding fixtures under src/test/resources/decode/ with Pillow (and libjpeg for YCCK).

For every image NAME it also writes NAME.rgb: the 8-bit RGB pixels (row-major, R,G,B) that the reference decoder
gives, which ImageFolderDecodeTest compares against frozen's decoder. The reference is Pillow's
Image.open(f).convert('RGB') (no EXIF transpose, no colour management, alpha dropped), except 16-bit grayscale,
where Pillow's convert clips every value above 255 to white; there the reference is libpng's strip-16 rule
(the high byte), which is also what Pillow does for 16-bit RGB. index.txt lists: file width height rule.

Run from the repository root: /usr/bin/python3 src/test/python/make_decode_fixtures.py
(needs gcc and libjpeg headers for the YCCK fixture: src/test/python/make_ycck.c).
"""
import io
import os
import struct
import subprocess
import tempfile

import numpy as np
from PIL import Image

OUT = os.path.join("src", "test", "resources", "decode")
W, H = 20, 14
rng = np.random.default_rng(7)


def base_rgb():
    y, x = np.mgrid[0:H, 0:W]
    r = (x * 255 // (W - 1)).astype(np.uint8)
    g = (y * 255 // (H - 1)).astype(np.uint8)
    b = ((x + y) * 9 % 256).astype(np.uint8)
    img = np.stack([r, g, b], axis=-1)
    img[2:6, 3:9] = (200, 30, 60)       # a saturated block, where colour-space mistakes show most
    img[8:12, 11:17] = (20, 160, 220)
    noise = rng.integers(-12, 13, size=img.shape)
    return np.clip(img.astype(int) + noise, 0, 255).astype(np.uint8)


index = []


def save(name, data, rule="pillow"):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    im = Image.open(io.BytesIO(data))
    if rule == "pillow":
        rgb = np.asarray(im.convert("RGB"))
    elif rule == "high-byte":
        arr = np.asarray(im).astype(np.uint32)
        g8 = (arr >> 8).astype(np.uint8)
        rgb = np.stack([g8, g8, g8], axis=-1)
    else:
        raise ValueError(rule)
    h, w = rgb.shape[:2]
    with open(os.path.join(OUT, name + ".rgb"), "wb") as f:
        f.write(np.ascontiguousarray(rgb, dtype=np.uint8).tobytes())
    index.append(f"{name} {w} {h} {rule}")


def encode(im, fmt, **kw):
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def strip_app14(jpeg):
    """Removes Adobe APP14 segments, so the CMYK data is read as plain (not inverted) CMYK."""
    out = bytearray(jpeg[:2])
    i = 2
    while i < len(jpeg):
        marker = jpeg[i + 1]
        if marker == 0xDA:
            out += jpeg[i:]
            break
        length = struct.unpack(">H", jpeg[i + 2:i + 4])[0]
        seg = jpeg[i:i + 2 + length]
        if not (marker == 0xEE and seg[4:9] == b"Adobe"):
            out += seg
        i += 2 + length
    return bytes(out)


def exif_orientation(value):
    """A minimal little-endian EXIF block with one IFD0 entry: Orientation (0x0112) = value."""
    ifd = struct.pack("<H", 1) + struct.pack("<HHIHH", 0x0112, 3, 1, value, 0) + struct.pack("<I", 0)
    return b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 8) + ifd


def png16(arr, color_type, extra=b""):
    """A 16-bit PNG written by hand (zlib + struct): Pillow cannot write 16-bit RGB, RGBA or gray+alpha."""
    import zlib
    h, w = arr.shape[:2]
    raw = b"".join(b"\x00" + arr[y].astype(">u2").tobytes() for y in range(h))
    return png_raw(w, h, 16, color_type, raw, extra)


def png_low_gray(gray8, bits):
    """A 1/2/4-bit grayscale PNG written by hand: the top `bits` of each value, packed MSB first."""
    h, w = gray8.shape
    levels = gray8.astype(np.uint16) >> (8 - bits)
    rows = []
    per_byte = 8 // bits
    for y in range(h):
        row = bytearray()
        for x0 in range(0, w, per_byte):
            b = 0
            for i in range(per_byte):
                v = int(levels[y, x0 + i]) if x0 + i < w else 0
                b |= v << (8 - bits * (i + 1))
            row.append(b)
        rows.append(b"\x00" + bytes(row))
    return png_raw(w, h, bits, 0, b"".join(rows))


def png_raw(w, h, depth, color_type, raw, extra=b""):
    import zlib

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", w, h, depth, color_type, 0, 0, 0)
    extras = chunk(b"tRNS", extra) if extra else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extras + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def bmp565(rgb8):
    """A 16-bit BI_BITFIELDS (5-6-5) BMP written by hand: Pillow reads these but cannot write them."""
    h, w = rgb8.shape[:2]
    r = rgb8[..., 0].astype(np.uint16) >> 3
    g = rgb8[..., 1].astype(np.uint16) >> 2
    b = rgb8[..., 2].astype(np.uint16) >> 3
    px = (r << 11) | (g << 5) | b
    row_bytes = (w * 2 + 3) // 4 * 4
    rows = b"".join(px[y].astype("<u2").tobytes().ljust(row_bytes, b"\x00") for y in range(h - 1, -1, -1))
    masks = struct.pack("<III", 0xF800, 0x07E0, 0x001F)
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 16, 3, len(rows), 2835, 2835, 0, 0)
    offset = 14 + len(info) + len(masks)
    header = b"BM" + struct.pack("<IHHI", offset + len(rows), 0, 0, offset)
    return header + info + masks + rows


def main():
    os.makedirs(OUT, exist_ok=True)
    rgb = Image.fromarray(base_rgb(), "RGB")
    gray = rgb.convert("L")
    alpha = Image.fromarray((np.arange(W * H).reshape(H, W) * 7 % 256).astype(np.uint8), "L")

    # JPEG family.
    save("rgb_420.jpg", encode(rgb, "JPEG", quality=90))
    save("rgb_444.jpg", encode(rgb, "JPEG", quality=95, subsampling=0))
    save("rgb_progressive.jpg", encode(rgb, "JPEG", quality=90, progressive=True))
    save("gray.jpg", encode(gray, "JPEG", quality=90))
    cmyk = rgb.convert("CMYK")
    # Pillow writes CMYK through libjpeg, which adds an Adobe APP14 marker and stores the inks inverted.
    adobe = encode(cmyk, "JPEG", quality=95)
    save("cmyk_adobe.jpg", adobe)
    save("cmyk_plain.jpg", strip_app14(adobe))
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "in.cmyk")
        out = os.path.join(tmp, "out.jpg")
        exe = os.path.join(tmp, "make_ycck")
        with open(raw, "wb") as f:
            f.write(bytes(255 - v for v in cmyk.tobytes()))  # Adobe convention: inverted inks
        subprocess.run(["gcc", "-O1", "-o", exe, os.path.join("src", "test", "python", "make_ycck.c"), "-ljpeg"], check=True)
        subprocess.run([exe, str(W), str(H), raw, out], check=True)
        with open(out, "rb") as f:
            save("ycck_adobe.jpg", f.read())
    save("exif_orientation6.jpg", encode(rgb, "JPEG", quality=90, exif=exif_orientation(6)))
    from PIL import ImageCms
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    save("rgb_icc_srgb.jpg", encode(rgb, "JPEG", quality=90, icc_profile=srgb))
    save("rgb_icc_srgb.png", encode(rgb, "PNG", icc_profile=srgb))
    save("cmyk_icc.jpg", encode(cmyk, "JPEG", quality=95, icc_profile=srgb))

    # PNG family.
    save("rgb8.png", encode(rgb, "PNG"))
    rgba = rgb.copy()
    rgba.putalpha(alpha)
    save("rgba8.png", encode(rgba, "PNG"))
    save("gray8.png", encode(gray, "PNG"))
    la = Image.merge("LA", (gray, alpha))
    save("gray_alpha8.png", encode(la, "PNG"))
    g16 = (np.asarray(gray).astype(np.uint16) * 257 + rng.integers(0, 200, size=(H, W))).astype(np.uint16)
    save("gray16.png", encode(Image.fromarray(g16, "I;16"), "PNG"), rule="high-byte")
    wide = np.asarray(rgb).astype(np.uint16) * 257 + rng.integers(0, 200, size=(H, W, 3)).astype(np.uint16)
    save("rgb16.png", png16(wide, 2))
    a16 = (np.asarray(alpha).astype(np.uint16) * 257)[..., None]
    save("rgba16.png", png16(np.concatenate([wide, a16], axis=-1), 6))
    la16 = np.stack([np.asarray(gray).astype(np.uint16) * 257, np.asarray(alpha).astype(np.uint16) * 257], axis=-1)
    save("gray_alpha16.png", png16(la16, 4))
    save("gray4.png", png_low_gray(np.asarray(gray), 4))
    save("gray2.png", png_low_gray(np.asarray(gray), 2))
    save("rgb8_trns.png", encode(rgb, "PNG", transparency=(200, 30, 60)))
    save("rgb16_trns.png", png16(wide, 2, extra=struct.pack(">HHH", *[int(v) for v in wide[0, 0]])))
    pal = rgb.quantize(colors=16)
    save("palette.png", encode(pal, "PNG"))
    save("palette4bit.png", encode(pal, "PNG", bits=4))
    save("palette_trns.png", encode(pal, "PNG", transparency=3))
    save("bilevel.png", encode(gray.point(lambda v: 255 if v > 100 else 0).convert("1"), "PNG"))
    save("gray_trns.png", encode(gray, "PNG", transparency=50))

    # GIF and BMP.
    save("palette.gif", encode(pal, "GIF"))
    save("palette_trns.gif", encode(pal, "GIF", transparency=3))
    save("rgb24.bmp", encode(rgb, "BMP"))
    save("gray8.bmp", encode(gray, "BMP"))
    save("palette.bmp", encode(pal, "BMP"))
    save("rgba32.bmp", encode(rgba, "BMP"))
    save("rgb565.bmp", bmp565(np.asarray(rgb)))

    with open(os.path.join(OUT, "index.txt"), "w") as f:
        f.write("# file width height rule (see src/test/python/make_decode_fixtures.py)\n")
        f.write("\n".join(index) + "\n")


if __name__ == "__main__":
    main()
