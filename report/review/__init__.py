"""Review in Word: the 审阅版 .docx (批注 and 修订 by 年报助手) and the reviewed file taken back and checked again."""
