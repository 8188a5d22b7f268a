/*
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.lakehouseml.security;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Verification against hashes made by other implementations: bcrypt hashes made by libxcrypt (the C
 * library behind crypt(3) on Linux, through Python's {@code crypt.crypt}) and the published test
 * vectors of OpenBSD's bcrypt, as jBCrypt's tests carry them; PBKDF2 hashes made by Python's
 * {@code hashlib.pbkdf2_hmac("sha1", ...)}, the vectors of RFC 6070 and the example of Trino's
 * documentation.
 */
final class TestHashedPassword
{
    private static final String STAPLE = "correct horse battery staple";
    private static final String UNICODE = "Pässwörd-日本語";

    @Test
    void testBcryptReferenceHashes()
    {
        // libxcrypt: crypt.crypt(password, salt) with a salt from crypt.mksalt(crypt.METHOD_BLOWFISH)
        assertMatchesOnly("$2a$08$mOQWtWCW1zWRfFdC8AgdYOyl/cuFKSaXnCbQs1Rvrj1lAUNVT9teK", STAPLE);
        assertMatchesOnly("$2b$10$cFf47KATghG4GW0LJhD.Pe.mDvspHN4iD58nEAwObdyibyJh490ee", STAPLE);
        assertMatchesOnly("$2y$09$uCa0E32wO8Qgn3kKBpGLgOzuj/exzsGHAtS0aHIfQFwLSCCI/PHtC", UNICODE);

        // OpenBSD's test vectors
        assertMatchesOnly("$2a$08$cfcvVd2aQ8CMvoMpP2EBfeodLEkkFJ9umNEfPD18.hUF62qqlC/V.", "a");
        assertMatchesOnly("$2a$08$aTsUwsyowQuzRrDqFflhgekJ8d9/7Z3GV3UcgvzQW3J5zMyrTvlz.", "abcdefghijklmnopqrstuvwxyz");
        assertMatchesOnly("$2a$08$Eq2r4G/76Wv39MzSX262huzPz612MZiYHVUJe/OcOql2jo4.9UxTW", "~!@#$%^&*()      ~!@#$%^&*()PNBFRD");
        // the same hash under the three versions, as libxcrypt computes it
        assertMatchesOnly("$2a$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi", "abc");
        assertMatchesOnly("$2b$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi", "abc");
        assertMatchesOnly("$2y$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi", "abc");
    }

    @Test
    void testBcryptLongPassword()
    {
        // libxcrypt, like OpenBSD, reads the first 72 bytes of the password
        String password = "0123456789".repeat(8);
        HashedPassword hash = HashedPassword.parse("$2b$08$.Nsab8GjNUpR.4.947AsGOntHEnSzYbJJ40a/vKvoIxvB8W1GWDm6");
        assertThat(hash.matches(password)).isTrue();
        assertThat(hash.matches(password.substring(0, 72))).isTrue();
        assertThat(hash.matches(password.substring(0, 71))).isFalse();
    }

    @Test
    void testBcryptCost()
    {
        assertThat(HashedPassword.parse("$2b$10$cFf47KATghG4GW0LJhD.Pe.mDvspHN4iD58nEAwObdyibyJh490ee"))
                .isInstanceOfSatisfying(BcryptPassword.class, bcrypt -> assertThat(bcrypt.cost()).isEqualTo(10));
        // a hash libxcrypt made at cost 7
        assertInvalid("$2b$07$UPsAWKk2z4MslJ5Lk.cZCuabyQkv2UCSSVBYPZzYYSDZx./3GCKSK", "the bcrypt cost is 7, below the minimum of 8");
        assertInvalid("$2b$32$UPsAWKk2z4MslJ5Lk.cZCuabyQkv2UCSSVBYPZzYYSDZx./3GCKSK", "the bcrypt cost is 32, above the maximum of 31");
    }

    @Test
    void testMalformedBcrypt()
    {
        String format = "a bcrypt hash is $2y$, $2a$ or $2b$, a two-digit cost, $ and 53 characters of salt and hash";
        // the version of a broken implementation
        assertInvalid("$2x$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi", format);
        assertInvalid("$1$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi", format);
        assertInvalid("$2y$1$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi", format);
        // a character short, a character long, a character outside bcrypt's base 64
        assertInvalid("$2y$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIU", format);
        assertInvalid("$2y$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUii", format);
        assertInvalid("$2y$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIU_", format);
        assertInvalid("$2y$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgr Oljy2Ae5MtaSIUi", format);
    }

    @Test
    void testPbkdf2ReferenceHashes()
    {
        // hashlib.pbkdf2_hmac("sha1", password.encode("utf-8"), bytes.fromhex(salt), iterations, length).hex()
        assertMatchesOnly("1000:a3f1c2d4e5b60718293a4b5c6d7e8f90:a01f5ca079f0b64778d8703c91b2d2ce5749445a74037dcbec020e79dddd1e44", STAPLE);
        assertMatchesOnly("5000:00112233445566778899aabbccddeeff:d02513e6a229c22060fff18eec106232897e2c1e", UNICODE);
        assertMatchesOnly("10000:0f1e2d3c4b5a69788796a5b4c3d2e1f0:e74d91e965168d4a930692cdfff7b80e6b51020948179b4138f7441c39d77712de3927f5712110a41c64b9ad7683abd2e3c957f6bdade2aa9153a103003e6af1", STAPLE);

        // RFC 6070, test vectors 3 and 5: salt "salt" and "saltSALTsaltSALTsaltSALTsaltSALTsalt"
        assertMatchesOnly("4096:73616c74:4b007901b765489abead49d926f721d065a429c1", "password");
        assertMatchesOnly(
                "4096:73616c7453414c5473616c7453414c5473616c7453414c5473616c7453414c5473616c74:3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038",
                "passwordPASSWORDpassword");

        // the example of Trino's password file documentation, the hash of "password"
        assertMatchesOnly(
                "1000:5b4240333032306164:f38d165fce8ce42f59d366139ef5d9e1ca1247f0e06e503ee1a611dd9ec40876bb5edb8409f5abe5504aab6628e70cfb3d3a18e99d70357d295002c3d0a308a0",
                "password");

        // upper-case hexadecimal reads the same
        assertMatchesOnly("1000:A3F1C2D4E5B60718293A4B5C6D7E8F90:A01F5CA079F0B64778D8703C91B2D2CE5749445A74037DCBEC020E79DDDD1E44", STAPLE);
    }

    @Test
    void testPbkdf2IsHmacSha1()
    {
        // Trino derives with HMAC-SHA1: the HMAC-SHA256 hash of the same password and salt,
        // hashlib.pbkdf2_hmac("sha256", ...), is another password's
        HashedPassword sha256 = HashedPassword.parse("1000:a3f1c2d4e5b60718293a4b5c6d7e8f90:e7afa070cab666a241433a1708802872a2090ead6daf53b07ae9c6540a443da3");
        assertThat(sha256.matches(STAPLE)).isFalse();
    }

    @Test
    void testMalformedPbkdf2()
    {
        String format = "a PBKDF2 hash is iterations:salt:hash, the salt and the hash in hexadecimal";
        assertInvalid("1000:a3f1c2d4e5b60718293a4b5c6d7e8f90", format);
        assertInvalid("1000:a3f1c2d4e5b60718293a4b5c6d7e8f90:a01f5ca079f0b64778d8703c91b2d2ce:00", format);
        assertInvalid("999:a3f1c2d4e5b60718293a4b5c6d7e8f90:a01f5ca079f0b64778d8703c91b2d2ce", "the PBKDF2 iteration count is 999, below the minimum of 1000");
        assertInvalid("-1000:a3f1c2d4e5b60718293a4b5c6d7e8f90:a01f5ca079f0b64778d8703c91b2d2ce", "the PBKDF2 iteration count is not a positive number");
        assertInvalid("1e4:a3f1c2d4e5b60718293a4b5c6d7e8f90:a01f5ca079f0b64778d8703c91b2d2ce", "the PBKDF2 iteration count is not a positive number");
        assertInvalid("99999999999:a3f1c2d4e5b60718293a4b5c6d7e8f90:a01f5ca079f0b64778d8703c91b2d2ce", "the PBKDF2 iteration count is not a positive number");
        assertInvalid("1000::a01f5ca079f0b64778d8703c91b2d2ce", "the PBKDF2 salt is empty");
        assertInvalid("1000:a3f1c2d4e5b6071:a01f5ca079f0b64778d8703c91b2d2ce", "the PBKDF2 salt is not hexadecimal");
        assertInvalid("1000:a3f1c2d4e5b60718293a4b5c6d7e8f90:a01f5ca079f0b64778d8703c91b2d2cg", "the PBKDF2 hash is not hexadecimal");
        assertInvalid("1000:a3f1c2d4e5b60718293a4b5c6d7e8f90:a01f5ca079f0b64778d8703c91b2d2", "the PBKDF2 hash has 15 bytes, fewer than the minimum of 16");
    }

    @Test
    void testNeitherAlgorithm()
    {
        String neither = "the hash is neither bcrypt ($2y$, $2a$ or $2b$) nor PBKDF2 (iterations:salt:hash)";
        assertInvalid("", neither);
        assertInvalid("secret", neither);
        assertInvalid("{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=", neither);
    }

    @Test
    void testDescriptionHidesHash()
    {
        assertThat(HashedPassword.parse("$2b$10$cFf47KATghG4GW0LJhD.Pe.mDvspHN4iD58nEAwObdyibyJh490ee")).hasToString("bcrypt, cost 10");
        assertThat(HashedPassword.parse("5000:00112233445566778899aabbccddeeff:d02513e6a229c22060fff18eec106232897e2c1e")).hasToString("PBKDF2, 5000 iterations");
    }

    private static void assertMatchesOnly(String hash, String password)
    {
        HashedPassword hashed = HashedPassword.parse(hash);
        assertThat(hashed.matches(password)).as("%s matches its password", hash).isTrue();
        assertThat(hashed.matches(password + "x")).as("%s matches a longer password", hash).isFalse();
        assertThat(hashed.matches(password.toUpperCase(Locale.ROOT) + "!")).as("%s matches another password", hash).isFalse();
        assertThat(hashed.matches("")).as("%s matches the empty password", hash).isFalse();
    }

    private static void assertInvalid(String hash, String message)
    {
        assertThatThrownBy(() -> HashedPassword.parse(hash))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
