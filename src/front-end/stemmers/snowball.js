// The runtime of Snowball's stemmers (https://snowballstem.org/), for the
// stemmers beside this file: Snowball's own code, as its compiler generates
// it for JavaScript-like targets (taken from the npm package
// snowball-stemmer.jsx 0.2.3, MIT; Snowball is BSD-licensed, © Martin Porter
// and Richard Boulton), turned from JSX into plain classes. Only the syntax
// changed: types dropped, the two `Among` constructors made one.
//
// rajat stems its index in Rust with the rust-stemmers crate, the reference;
// these give the same stems for every word of the guide
// (tests/fixtures/search/stems.tsv, checked by tests/search.rs and
// tests/browser/search-stems.test.mjs) and of Snowball's own test
// vocabularies (29,417 English and 50,000 Finnish words). A classic script,
// so that it runs from disk (`file://`) too: it adds itself to `rajatSearch`.

(() => {
  class Among {
    constructor(s, substring_i, result, method = null) {
      this.s_size = s.length;
      this.s = s;
      this.substring_i = substring_i;
      this.result = result;
      this.method = method;
    }
  }

  class BaseStemmer
  {
      // this.current string
      current;
      cursor;
      limit;
      limit_backward;
      bra;
      ket;
      cache;

      constructor()
      {
          this.cache = {};
          this.setCurrent("");
      }

      /**
       * Set the this.current string.
       */
      setCurrent(value)
      {
          this.current = value;
          this.cursor = 0;
          this.limit = this.current.length;
          this.limit_backward = 0;
          this.bra = this.cursor;
          this.ket = this.limit;
      }

      /**
       * Get the this.current string.
       */
      getCurrent()
      {
          return this.current;
      }


      copy_from(other)
      {
          this.current          = other.current;
          this.cursor           = other.cursor;
          this.limit            = other.limit;
          this.limit_backward   = other.limit_backward;
          this.bra              = other.bra;
          this.ket              = other.ket;
      }

      in_grouping(s, min, max)
      {
          if (this.cursor >= this.limit) return false;
          var ch = this.current.charCodeAt(this.cursor);
          if (ch > max || ch < min) return false;
          ch -= min;
          if ((s[ch >>> 3] & (0x1 << (ch & 0x7))) == 0) return false;
          this.cursor++;
          return true;
      }

      in_grouping_b(s, min, max)
      {
          if (this.cursor <= this.limit_backward) return false;
          var ch = this.current.charCodeAt(this.cursor - 1);
          if (ch > max || ch < min) return false;
          ch -= min;
          if ((s[ch >>> 3] & (0x1 << (ch & 0x7))) == 0) return false;
          this.cursor--;
          return true;
      }

      out_grouping(s, min, max)
      {
          if (this.cursor >= this.limit) return false;
          var ch = this.current.charCodeAt(this.cursor);
          if (ch > max || ch < min) {
              this.cursor++;
              return true;
          }
          ch -= min;
          if ((s[ch >>> 3] & (0X1 << (ch & 0x7))) == 0) {
              this.cursor++;
              return true;
          }
          return false;
      }

      out_grouping_b(s, min, max)
      {
          if (this.cursor <= this.limit_backward) return false;
          var ch = this.current.charCodeAt(this.cursor - 1);
          if (ch > max || ch < min) {
              this.cursor--;
              return true;
          }
          ch -= min;
          if ((s[ch >>> 3] & (0x1 << (ch & 0x7))) == 0) {
              this.cursor--;
              return true;
          }
          return false;
      }

      in_range(min, max)
      {
          if (this.cursor >= this.limit) return false;
          var ch = this.current.charCodeAt(this.cursor);
          if (ch > max || ch < min) return false;
          this.cursor++;
          return true;
      }

      in_range_b(min, max)
      {
          if (this.cursor <= this.limit_backward) return false;
          var ch = this.current.charCodeAt(this.cursor - 1);
          if (ch > max || ch < min) return false;
          this.cursor--;
          return true;
      }

      out_range(min, max)
      {
          if (this.cursor >= this.limit) return false;
          var ch = this.current.charCodeAt(this.cursor);
          if (!(ch > max || ch < min)) return false;
          this.cursor++;
          return true;
      }

      out_range_b(min, max)
      {
          if (this.cursor <= this.limit_backward) return false;
          var ch = this.current.charCodeAt(this.cursor - 1);
          if(!(ch > max || ch < min)) return false;
          this.cursor--;
          return true;
      }

      eq_s(s_size, s)
      {
          if (this.limit - this.cursor < s_size) return false;
          if (this.current.slice(this.cursor, this.cursor + s_size) != s)
          {
              return false;
          }
          this.cursor += s_size;
          return true;
      }

      eq_s_b(s_size, s)
      {
          if (this.cursor - this.limit_backward < s_size) return false;
          if (this.current.slice(this.cursor - s_size, this.cursor) != s)
          {
              return false;
          }
          this.cursor -= s_size;
          return true;
      }

      eq_v(s)
      {
          return this.eq_s(s.length, s);
      }

      eq_v_b(s)
      {
          return this.eq_s_b(s.length, s);
      }

      find_among(v, v_size)
      {
          var i = 0;
          var j = v_size;

          var c = this.cursor;
          var l = this.limit;

          var common_i = 0;
          var common_j = 0;

          var first_key_inspected = false;

          while (true)
          {
              var k = i + ((j - i) >>> 1);
              var diff = 0;
              var common = common_i < common_j ? common_i : common_j; // smaller
              var w = v[k];
              var i2;
              for (i2 = common; i2 < w.s_size; i2++)
              {
                  if (c + common == l)
                  {
                      diff = -1;
                      break;
                  }
                  diff = this.current.charCodeAt(c + common) - w.s.charCodeAt(i2);
                  if (diff != 0) break;
                  common++;
              }
              if (diff < 0)
              {
                  j = k;
                  common_j = common;
              }
              else
              {
                  i = k;
                  common_i = common;
              }
              if (j - i <= 1)
              {
                  if (i > 0) break; // v->s has been inspected
                  if (j == i) break; // only one item in v

                  // - but now we need to go round once more to get
                  // v->s inspected. This looks messy, but is actually
                  // the optimal approach.

                  if (first_key_inspected) break;
                  first_key_inspected = true;
              }
          }
          while (true)
          {
              var w = v[i];
              if (common_i >= w.s_size)
              {
                  this.cursor = c + w.s_size;
                  if (w.method == null)
                  {
                      return w.result;
                  }
                  var res = w.method(w.instance);
                  this.cursor = c + w.s_size;
                  if (res)
                  {
                      return w.result;
                  }
              }
              i = w.substring_i;
              if (i < 0) return 0;
          }
          return -1; // not reachable
      }

      // find_among_b is for backwards processing. Same comments apply
      find_among_b(v, v_size)
      {
          var i = 0;
          var j = v_size;

          var c = this.cursor;
          var lb = this.limit_backward;

          var common_i = 0;
          var common_j = 0;

          var first_key_inspected = false;

          while (true)
          {
              var k = i + ((j - i) >> 1);
              var diff = 0;
              var common = common_i < common_j ? common_i : common_j;
              var w = v[k];
              var i2;
              for (i2 = w.s_size - 1 - common; i2 >= 0; i2--)
              {
                  if (c - common == lb)
                  {
                      diff = -1;
                      break;
                  }
                  diff = this.current.charCodeAt(c - 1 - common) - w.s.charCodeAt(i2);
                  if (diff != 0) break;
                  common++;
              }
              if (diff < 0)
              {
                  j = k;
                  common_j = common;
              }
              else
              {
                  i = k;
                  common_i = common;
              }
              if (j - i <= 1)
              {
                  if (i > 0) break;
                  if (j == i) break;
                  if (first_key_inspected) break;
                  first_key_inspected = true;
              }
          }
          while (true)
          {
              var w = v[i];
              if (common_i >= w.s_size)
              {
                  this.cursor = c - w.s_size;
                  if (w.method == null) return w.result;
                  var res = w.method(this);
                  this.cursor = c - w.s_size;
                  if (res) return w.result;
              }
              i = w.substring_i;
              if (i < 0) return 0;
          }
          return -1; // not reachable
      }

      /* to replace chars between c_bra and c_ket in this.current by the
       * chars in s.
       */
      replace_s(c_bra, c_ket, s)
      {
          var adjustment = s.length - (c_ket - c_bra);
          this.current = this.current.slice(0, c_bra) + s + this.current.slice(c_ket);
          this.limit += adjustment;
          if (this.cursor >= c_ket) this.cursor += adjustment;
          else if (this.cursor > c_bra) this.cursor = c_bra;
          return adjustment;
      }

      slice_check()
      {
          if (this.bra < 0 ||
              this.bra > this.ket ||
              this.ket > this.limit ||
              this.limit > this.current.length)
          {
              return false;
          }
          return true;
      }

      slice_from(s)
      {
          var result = false;
          if (this.slice_check())
          {
              this.replace_s(this.bra, this.ket, s);
              result = true;
          }
          return result;
      }

      slice_del()
      {
          return this.slice_from("");
      }

      insert(c_bra, c_ket, s)
      {
          var adjustment = this.replace_s(c_bra, c_ket, s);
          if (c_bra <= this.bra) this.bra += adjustment;
          if (c_bra <= this.ket) this.ket += adjustment;
      }

      /* Copy the slice into the supplied StringBuffer */
      slice_to(s)
      {
          var result = '';
          if (this.slice_check())
          {
              result = this.current.slice(this.bra, this.ket);
          }
          return result;
      }

      assign_to(s)
      {
          return this.current.slice(0, this.limit);
      }

      stem()
      {
          return false;
      }

      stemWord(word)
      {
          var result = this.cache['.' + word];
          if (result == null)
          {
              this.setCurrent(word);
              this.stem();
              result = this.getCurrent();
              this.cache['.' + word] = result;
          }
          return result;
      }

  }

  const search = (globalThis.rajatSearch ??= {});
  search.snowball = { Among, BaseStemmer };
})();
