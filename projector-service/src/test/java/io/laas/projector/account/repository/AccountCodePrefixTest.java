package io.laas.projector.account.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AccountCodePrefixTest {

    @Test
    void theEndOfAPrefixRangeIsThePrefixWithItsLastCharacterRaised() {
        assertEquals("wallet;", AccountRepository.prefixEnd("wallet:"));
        assertEquals("customers`", AccountRepository.prefixEnd("customers_"));
        assertEquals("a.", AccountRepository.prefixEnd("a-"));
        assertEquals("{", AccountRepository.prefixEnd("z"));
        assertEquals("[", AccountRepository.prefixEnd("Z"));
    }
}
