/* Writes a YCCK JPEG (Adobe APP14 transform=2) from raw inverted-CMYK bytes with libjpeg, because Pillow cannot
 * write YCCK. Usage: make_ycck W H in.cmyk out.jpg (in.cmyk: W*H*4 bytes, stored as Adobe CMYK, i.e. inverted). */
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: make_ycck W H in.cmyk out.jpg\n"); return 2; }
    int w = atoi(argv[1]), h = atoi(argv[2]);
    unsigned char *px = malloc((size_t) w * h * 4);
    FILE *in = fopen(argv[3], "rb");
    if (!in || fread(px, 4, (size_t) w * h, in) != (size_t) w * h) { fprintf(stderr, "short input\n"); return 1; }
    fclose(in);
    FILE *out = fopen(argv[4], "wb");
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, out);
    c.image_width = w;
    c.image_height = h;
    c.input_components = 4;
    c.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&c);
    jpeg_set_colorspace(&c, JCS_YCCK); /* also sets write_Adobe_marker */
    jpeg_set_quality(&c, 95, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = px + (size_t) c.next_scanline * w * 4;
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    fclose(out);
    free(px);
    return 0;
}
